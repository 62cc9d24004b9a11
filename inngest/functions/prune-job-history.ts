// Daily housekeeping: prunes old executor history and expired rate-limit buckets, so the embedded
// database does not grow without bound. Runs at 03:15 UTC and on demand (switchboard/jobs.prune-requested).
import { cron } from "inngest";
import { db } from "@/lib/db/client";
import { inngest } from "@/inngest/client";
import { jobsPruneRequested } from "@/inngest/events";
import { DEFAULT_RETENTION_DAYS, pruneExecutorHistory } from "@/inngest/executor/prune-history";

export const pruneJobHistory = inngest.createFunction(
  {
    id: "prune-job-history",
    name: "Prune job history",
    retries: 2,
    concurrency: 1,
    triggers: [cron("TZ=UTC 15 3 * * *"), jobsPruneRequested],
  },
  async ({ event, step }) => {
    const retentionDays =
      (event.name === jobsPruneRequested.name ? (event.data as { retentionDays?: number }).retentionDays : undefined) ??
      DEFAULT_RETENTION_DAYS;
    const history = await step.run("prune-executor-history", () => pruneExecutorHistory(retentionDays));
    const buckets = await step.run("prune-rate-limit-buckets", async () => {
      // Expired fixed-window counters are dead weight: a new window starts from scratch anyway.
      const res = await db.rateLimitBucket.deleteMany({ where: { resetAt: { lt: new Date() } } });
      return { deleted: res.count };
    });
    return { retentionDays, history, rateLimitBuckets: buckets.deleted };
  },
);
