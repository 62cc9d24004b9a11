// The registry of every Inngest function Switchboard serves (app/api/inngest/route.ts).
import { pruneJobHistory } from "@/inngest/functions/prune-job-history";
import { refreshTokens } from "@/inngest/functions/refresh-tokens";
import { syncFanOut } from "@/inngest/functions/sync-fan-out";
import { dashboardPrune } from "@/inngest/functions/dashboard-prune";
import { syncPruneHistory } from "@/inngest/functions/sync-prune-history";
import { syncPull } from "@/inngest/functions/sync-pull";
import { syncPush } from "@/inngest/functions/sync-push";
import { syncSchedule } from "@/inngest/functions/sync-schedule";
import { syncSweepRecordChanges } from "@/inngest/functions/sync-sweep-record-changes";
import { webhookProcess } from "@/inngest/functions/webhook-process";
import { webhookSweep } from "@/inngest/functions/webhook-sweep";
import { webhookPrune } from "@/inngest/functions/webhook-prune";
import { outboundDeliver } from "@/inngest/functions/outbound-deliver";
import { outboundRecordChanged } from "@/inngest/functions/outbound-record-changed";
import { outboundHousekeeping } from "@/inngest/functions/outbound-housekeeping";
import { alertEvaluate } from "@/inngest/functions/alert-evaluate";

export const functions = [pruneJobHistory, refreshTokens, syncSweepRecordChanges, syncFanOut, syncPush, syncPull, syncSchedule, syncPruneHistory, webhookProcess, webhookSweep, webhookPrune, outboundRecordChanged, outboundDeliver, outboundHousekeeping, alertEvaluate, dashboardPrune];
