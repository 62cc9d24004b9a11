// The registry of every Inngest function Switchboard serves (app/api/inngest/route.ts).
import { pruneJobHistory } from "@/inngest/functions/prune-job-history";

export const functions = [pruneJobHistory];
