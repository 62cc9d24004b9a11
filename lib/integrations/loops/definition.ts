// Loops.so (API v1): Bearer API key; contacts. Loops has no list or "modified since" endpoint, so changes
// reach Switchboard only through its (Standard Webhooks) webhooks.
import { z } from "zod";
import { sandboxBaseUrl, secretField, type ProviderDefinitionV1 } from "@/lib/integrations/types";
import { createLoopsClient } from "@/lib/integrations/loops/client";
import { contactEventNames, loopsWebhook } from "@/lib/integrations/loops/webhook";

export const loops: ProviderDefinitionV1 = {
  slug: "loops",
  name: "Loops.so",
  category: "marketing",
  description: "Push contacts, consent and custom properties to Loops; receive its signed contact webhooks.",
  logo: "/integrations/loops.svg",
  authKinds: ["api_key"],
  configSchema: z.object({}),
  credentialsSchema: {
    api_key: z.object({
      apiKey: secretField("API key", "Loops → Settings → API → Generate key."),
      webhookSigningSecret: secretField(
        "Webhook signing secret",
        "Loops → Settings → Webhooks: set the endpoint to the URL shown below and paste its signing secret.",
        "whsec_…",
      ),
    }),
  },
  apiBaseUrl: ({ environment, appUrl }) => (environment === "live" ? "https://app.loops.so/api" : `${sandboxBaseUrl(appUrl, "loops")}/api`),
  objects: [
    // pull: true, but only through webhooks: there is nothing to poll
    { name: "contacts", hubObject: "contact", label: "Contacts", push: true, pull: true, incremental: "webhook" },
  ],
  rateLimit: {
    requests: 10,
    perMs: 1_000,
    concurrency: 2,
    defaultRetryAfterMs: 1_000,
    notes: "10 requests per second per team; x-ratelimit-limit / x-ratelimit-remaining on every answer, 429 when exceeded.",
  },
  webhook: { scheme: "standard-webhooks", registration: "manual", events: contactEventNames },
  setupInstructions: [
    "1. In Loops open *Settings → API*, generate an API key and paste it here.",
    "2. Open *Settings → Webhooks*, set the endpoint URL to the webhook URL Switchboard shows for this",
    "   connection, enable the **contact** events, and paste the **signing secret** (`whsec_…`) here.",
    "",
    "Loops has no way to list contacts or ask what changed, so changes made in Loops reach Switchboard",
    "only through these webhooks (created, unsubscribed, deleted, mailing-list changes). Loops sends no",
    "event for other edits made in Loops. Loops allows one webhook endpoint per account.",
  ].join("\n"),
  createClient: (ctx) => createLoopsClient(ctx),
  webhookHandler: loopsWebhook,
};
