// Daily housekeeping of product data that would otherwise grow without bound: expired rate-limit
// buckets, and dead sign-in rows and old local mail (lib/auth/prune-auth-records). Runs at 03:15 UTC and on demand (switchboard/jobs.prune-requested); orchestration only,
// the work is in lib. (The embedded executor prunes its own run history itself — it is the executor's
// private state and does not exist on Inngest Cloud.)
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { jobsPruneRequested } from "@/inngest/events";
import { pruneExpiredRateLimitBuckets } from "@/lib/rate-limit/prune-expired-buckets";
import { pruneAuthRecords } from "@/lib/auth/prune-auth-records";

export const pruneJobHistory = inngest.createFunction(
  {
    id: "prune-job-history",
    name: "Prune job history",
    retries: 2,
    concurrency: 1,
    triggers: [cron("TZ=UTC 15 3 * * *"), jobsPruneRequested],
  },
  async ({ step }) => {
    const rateLimitBuckets = await step.run("prune-rate-limit-buckets", () => pruneExpiredRateLimitBuckets());
    const auth = await step.run("prune-auth-records", () => pruneAuthRecords());
    return { rateLimitBuckets, auth };
  },
);
