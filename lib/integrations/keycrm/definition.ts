// KeyCRM: Bearer API key; buyers (contacts), orders with statuses and payments, offers with stock and
// price. Webhooks come from trigger automations the user sets up, unsigned, so the URL carries a secret.
import { z } from "zod";
import { sandboxBaseUrl, secretField, type ProviderDefinitionV1 } from "@/lib/integrations/types";
import { createKeycrmClient } from "@/lib/integrations/keycrm/client";
import { keycrmEventNames, keycrmWebhook } from "@/lib/integrations/keycrm/webhook";

export const keycrm: ProviderDefinitionV1 = {
  slug: "keycrm",
  name: "KeyCRM",
  category: "ecommerce",
  description: "Sync buyers with KeyCRM and pull orders, payments, stock and prices.",
  logo: "/integrations/keycrm.svg",
  authKinds: ["api_key"],
  configSchema: z.object({}),
  credentialsSchema: {
    api_key: z.object({ apiKey: secretField("API key", "KeyCRM → Settings → General → API key (only the account owner sees it).") }),
  },
  apiBaseUrl: ({ environment, appUrl }) => (environment === "live" ? "https://openapi.keycrm.app/v1" : `${sandboxBaseUrl(appUrl, "keycrm")}/v1`),
  objects: [
    { name: "buyers", hubObject: "contact", label: "Buyers", push: true, pull: true, incremental: "poll", maxPageSize: 50 },
    { name: "orders", hubObject: "order", label: "Orders", push: false, pull: true, incremental: "poll", maxPageSize: 50 },
    { name: "offers", hubObject: "product", label: "Offers (stock, price)", push: false, pull: true, incremental: "poll", maxPageSize: 50 },
  ],
  rateLimit: {
    requests: 60,
    perMs: 60_000,
    concurrency: 1,
    defaultRetryAfterMs: 60_000,
    notes: "Up to 60 requests per minute per IP per API key (official docs; one third party says 20). Back off on 429.",
  },
  webhook: { scheme: "url-secret", registration: "manual", events: keycrmEventNames },
  setupInstructions: [
    "1. In KeyCRM open *Settings → General* and copy the **API key** (only the account owner can see it).",
    "2. To get changes at once, open *Settings → Automation*, add a trigger on order status (and/or payment",
    "   status) change with the action **Send Webhook** (method POST), and paste the webhook URL Switchboard",
    "   shows for this connection. The URL carries a secret: KeyCRM does not sign webhooks.",
    "",
    "Buyers, orders and offers are also pulled every few minutes. KeyCRM's API cannot delete buyers.",
  ].join("\n"),
  createClient: (ctx) => createKeycrmClient(ctx),
  webhookHandler: keycrmWebhook,
};
