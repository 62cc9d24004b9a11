// Every minute: check the alert rules of every workspace; fire, resolve and e-mail (lib/alerts).
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { evaluateAllAlerts } from "@/lib/alerts/evaluate-alerts";

export const alertEvaluate = inngest.createFunction(
  { id: "alert-evaluate", name: "Alerts: evaluate rules", retries: 1, concurrency: 1, triggers: [cron("TZ=UTC * * * * *")] },
  async ({ step }) => step.run("evaluate", () => evaluateAllAlerts()),
);
