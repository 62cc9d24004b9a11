// Daily: delete hourly provider call counts and resolved alerts past their retention (lib/dashboard/
// prune-dashboard-history.ts). Sync runs and their operations have their own job (sync-prune-history.ts).
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { pruneDashboardHistory } from "@/lib/dashboard/prune-dashboard-history";

export const dashboardPrune = inngest.createFunction(
  { id: "dashboard-prune", name: "Dashboard: prune provider call counts and resolved alerts", retries: 2, concurrency: 1, triggers: [cron("TZ=UTC 0 4 * * *")] },
  async ({ step }) => step.run("prune", () => pruneDashboardHistory()),
);
