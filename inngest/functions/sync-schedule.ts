// Every minute: queue the pulls that are due (each object's schedule, 1 minute to daily). A connection
// seen for the first time gets its settings here, and its first pull is the initial backfill.
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { syncPullRequested } from "@/inngest/events";
import { duePulls } from "@/lib/sync/sync-jobs";

export const syncSchedule = inngest.createFunction(
  { id: "sync-schedule", name: "Sync: queue scheduled pulls", retries: 2, concurrency: 1, triggers: [cron("TZ=UTC * * * * *")] },
  async ({ step }) => {
    const due = await step.run("claim-due-pulls", () => duePulls());
    if (due.length === 0) return { queued: 0 };
    await step.sendEvent(
      "queue-pulls",
      due.map((d) => syncPullRequested.create({ connectionId: d.connectionId, object: d.object, mode: "incremental", trigger: "schedule" }, { id: `pull:${d.connectionId}:${d.object}:${d.dueAt}` })),
    );
    return { queued: due.length };
  },
);
