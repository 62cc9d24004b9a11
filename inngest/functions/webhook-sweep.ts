// Every minute: re-send the event of stored deliveries that never reached the job runner (event id = the
// inbox row id, so a delivery whose event did arrive is not processed twice), and drop expired replay
// guard entries.
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { webhookSweepRequested } from "@/inngest/events";
import { pruneReplayGuard } from "@/lib/webhooks/replay-guard";
import { sweepUnsentDeliveries } from "@/lib/webhooks/send-delivery-events";

export const webhookSweep = inngest.createFunction(
  {
    id: "webhook-sweep",
    name: "Webhooks: re-send stuck deliveries",
    retries: 2,
    concurrency: 1,
    triggers: [cron("TZ=UTC * * * * *"), webhookSweepRequested],
  },
  async ({ step }) => {
    const resent = await step.run("resend-stuck", () => sweepUnsentDeliveries());
    const pruned = await step.run("prune-replay-guard", () => pruneReplayGuard());
    return { resent, pruned };
  },
);
