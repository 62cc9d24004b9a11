// Sends one outbound webhook delivery on Svix's schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
// 10 h, 10 h) with step.sleep between attempts; stops at the first 2xx, when the endpoint is disabled
// (5 days of failures) or gone; after the last attempt the delivery is marked failed (resend/recover
// start a new schedule).
import { inngest } from "@/inngest/client";
import { outboundDeliveryRequested } from "@/inngest/events";
import { attemptDelivery, markDeliveryFailed } from "@/lib/webhooks/outbound/deliver-outbound";
import { RETRY_DELAYS_MS } from "@/lib/webhooks/outbound/outbound-event-types";

export const outboundDeliver = inngest.createFunction(
  {
    id: "outbound-deliver",
    name: "Outbound webhooks: deliver with retries",
    retries: 2,
    concurrency: [{ key: "event.data.workspaceId", limit: 10 }],
    triggers: [outboundDeliveryRequested],
  },
  async ({ event, step }) => {
    const { deliveryId } = event.data;
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      if (delay > 0) await step.sleep(`wait-${i}`, delay);
      const out = await step.run(`attempt-${i}`, () => attemptDelivery(deliveryId));
      if (out.delivered) return { delivered: true, attempts: i + 1 };
      if (out.endpointDisabled || out.gone) return { delivered: false, attempts: i + 1, stopped: out.gone ? "gone" : "endpoint disabled" };
    }
    await step.run("give-up", () => markDeliveryFailed(deliveryId));
    return { delivered: false, attempts: RETRY_DELAYS_MS.length };
  },
);
