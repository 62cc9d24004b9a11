// Every event Switchboard sends or reacts to, each defined once with its zod schema.
import { eventType } from "inngest";
import { z } from "zod";

/** Asks for the executor-history prune to run now (it also runs daily by cron). */
export const jobsPruneRequested = eventType("switchboard/jobs.prune-requested", {
  schema: z.object({
    /** Keep finished runs and events younger than this many days (default 14). */
    retentionDays: z.number().int().min(1).max(3650).optional(),
  }),
});

/** Asks for the OAuth token refresh sweep to run now (it also runs every 5 minutes by cron). */
export const connectionsRefreshRequested = eventType("switchboard/connections.refresh-requested", { schema: z.object({}) });
