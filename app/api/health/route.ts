import { db } from "@/lib/db/client";
import { jobsMode } from "@/lib/env";
import { embeddedExecutorStatus } from "@/inngest/executor/start";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

/** Liveness + readiness: 200 once the database answers; says which job runner this process uses. */
export const GET = withBodyLimit(BODY_LIMITS.form, async (): Promise<Response> => {
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
});
