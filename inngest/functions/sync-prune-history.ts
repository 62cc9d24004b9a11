// Daily: delete sync runs and operations older than the retention period (default 30 days).
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { syncPruneRequested } from "@/inngest/events";
import { pruneSyncHistory } from "@/lib/sync/prune-sync-history";

export const syncPruneHistory = inngest.createFunction(
  { id: "sync-prune-history", name: "Sync: prune run history", retries: 2, concurrency: 1, triggers: [cron("TZ=UTC 40 3 * * *"), syncPruneRequested] },
  async ({ event, step }) => {
    const days = "retentionDays" in event.data && typeof event.data.retentionDays === "number" ? event.data.retentionDays : undefined;
    return step.run("prune", () => pruneSyncHistory(days));
  },
);
