// Daily: delete finished inbox deliveries older than the retention period (default 30 days).
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { pruneDeliveries } from "@/lib/webhooks/prune-deliveries";

export const webhookPrune = inngest.createFunction(
  { id: "webhook-prune", name: "Webhooks: prune the inbox", retries: 2, concurrency: 1, triggers: [cron("TZ=UTC 50 3 * * *")] },
  async ({ step }) => step.run("prune", () => pruneDeliveries()),
);
