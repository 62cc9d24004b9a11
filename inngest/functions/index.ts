// The registry of every Inngest function Switchboard serves (app/api/inngest/route.ts).
import { pruneJobHistory } from "@/inngest/functions/prune-job-history";
import { refreshTokens } from "@/inngest/functions/refresh-tokens";
import { syncSweepRecordChanges } from "@/inngest/functions/sync-sweep-record-changes";

export const functions = [pruneJobHistory, refreshTokens, syncSweepRecordChanges];
