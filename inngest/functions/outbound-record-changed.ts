// A hub record changed -> one outbound delivery row per subscribed endpoint -> their delivery schedules.
import { inngest } from "@/inngest/client";
import { recordChanged } from "@/inngest/events";
import { fanOutRecordChange, requestDeliveries } from "@/lib/webhooks/outbound/request-deliveries";

export const outboundRecordChanged = inngest.createFunction(
  { id: "outbound-record-changed", name: "Outbound webhooks: fan a record change out to endpoints", retries: 5, triggers: [recordChanged] },
  async ({ event, step }) => {
    const ids = await step.run("fan-out", () => fanOutRecordChange(event.data));
    if (ids.length > 0) await step.run("request", () => requestDeliveries(event.data.workspaceId, ids));
    return { deliveries: ids.length };
  },
);
