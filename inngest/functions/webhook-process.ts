// Applies stored webhook deliveries through the sync engine: batched per connection (a burst becomes one
// run), one run at a time per connection (so a record's events apply in order), retried; on the last
// attempt the deliveries that still fail are marked failed (replayable from the inbox).
import { inngest } from "@/inngest/client";
import { webhookReceived } from "@/inngest/events";
import { processDeliveries } from "@/lib/webhooks/process-deliveries";

/** Retries after the first attempt; the last attempt marks what still fails as failed. */
export const WEBHOOK_PROCESS_RETRIES = 3;

export const webhookProcess = inngest.createFunction(
  {
    id: "webhook-process",
    name: "Webhooks: apply deliveries",
    retries: WEBHOOK_PROCESS_RETRIES,
    batchEvents: { maxSize: 50, timeout: "1s", key: "event.data.connectionId" },
    concurrency: [{ key: "event.data.connectionId", limit: 1 }],
    triggers: [webhookReceived],
  },
  async ({ events, step, attempt }) => {
    const ids = [...new Set(events.map((e) => e.data.deliveryId))];
    return step.run("apply", () => processDeliveries(ids, { final: attempt >= WEBHOOK_PROCESS_RETRIES }));
  },
);
