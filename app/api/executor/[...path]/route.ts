// The embedded executor's Event API (POST /api/executor/e/<event key>) for senders outside this process.
import { handleEventApiRequest } from "@/inngest/executor/event-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return handleEventApiRequest(req);
}
