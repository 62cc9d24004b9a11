// Every minute: re-send record-changed events for changes that committed but were never handed to the
// job runner (a crash or an outage between commit and send). The event id is the change id, so a change
// that was in fact sent is not processed twice.
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { recordChangesSweepRequested } from "@/inngest/events";
import { sweepUnsentRecordChanges } from "@/lib/records/publish-record-changes";

export const syncSweepRecordChanges = inngest.createFunction(
  {
    id: "sync-sweep-record-changes",
    name: "Re-send unsent record changes",
    retries: 2,
    concurrency: 1,
    triggers: [cron("TZ=UTC * * * * *"), recordChangesSweepRequested],
  },
  async ({ step }) => step.run("send-unsent-changes", () => sweepUnsentRecordChanges()),
);
