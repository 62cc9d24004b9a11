import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness + readiness: answers 200 once the database answers. */
export async function GET(): Promise<Response> {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable", error: { code: "PROVIDER_UNAVAILABLE", message: "The database is not reachable" } }, { status: 503 });
  }
}
