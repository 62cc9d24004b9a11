// Every 5 minutes: refresh the OAuth tokens that expire within 15 minutes (lib/connections does the work,
// one lease per connection, so this never races the on-demand refresh before an API call).
import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { connectionsRefreshRequested } from "@/inngest/events";
import { refreshExpiringTokens } from "@/lib/connections/refresh-expiring-tokens";

export const refreshTokens = inngest.createFunction(
  {
    id: "refresh-oauth-tokens",
    name: "Refresh expiring OAuth tokens",
    retries: 1,
    concurrency: 1,
    triggers: [cron("TZ=UTC */5 * * * *"), connectionsRefreshRequested],
  },
  async ({ step }) => step.run("refresh-expiring-tokens", () => refreshExpiringTokens()),
);
