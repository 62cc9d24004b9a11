// Every 10 minutes: start the schedules of outbound deliveries that were stored but never started, and
// forget public-API Idempotency-Keys older than a day. Orchestration only; the work is in lib.
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { pruneIdempotencyKeys } from "@/lib/api/idempotency";
import { sweepUnsentDeliveries } from "@/lib/webhooks/outbound/sweep-deliveries";

export const outboundHousekeeping = inngest.createFunction(
  { id: "outbound-housekeeping", name: "Outbound webhooks and API: sweep unsent deliveries, prune idempotency keys", retries: 2, concurrency: 1, triggers: [cron("TZ=UTC */10 * * * *")] },
  async ({ step }) => {
    const swept = await step.run("sweep-unsent-deliveries", async () => (await sweepUnsentDeliveries()).length);
    const idempotencyKeys = await step.run("prune-idempotency-keys", () => pruneIdempotencyKeys());
    return { swept, idempotencyKeys };
  },
);
