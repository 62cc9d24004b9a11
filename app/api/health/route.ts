import { db } from "@/lib/db/client";
import { jobsMode } from "@/lib/env";
import { embeddedExecutorStatus } from "@/inngest/executor/start";

export const dynamic = "force-dynamic";

/** Liveness + readiness: 200 once the database answers; says which job runner this process uses. */
export async function GET(): Promise<Response> {
  const mode = jobsMode();
  const jobs = mode === "embedded" ? { mode, ...embeddedExecutorStatus() } : { mode };
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", jobs });
  } catch {
    return Response.json(
      { status: "unavailable", jobs, error: { code: "PROVIDER_UNAVAILABLE", message: "The database is not reachable" } },
      { status: 503 },
    );
  }
}
