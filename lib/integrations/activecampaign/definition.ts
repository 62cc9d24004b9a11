// ActiveCampaign (API v3): API token + account URL; contacts with tags, custom field values and list
// consent. Webhooks carry no signature, so the registered URL holds a per-connection secret.
import { z } from "zod";
import { sandboxBaseUrl, secretField, type ProviderDefinitionV1 } from "@/lib/integrations/types";
import { createActiveCampaignClient } from "@/lib/integrations/activecampaign/client";
import { classifyActiveCampaignError } from "@/lib/integrations/activecampaign/errors";
import { activecampaignWebhook, subscribedEvents } from "@/lib/integrations/activecampaign/webhook";

export const activecampaign: ProviderDefinitionV1 = {
  slug: "activecampaign",
  name: "ActiveCampaign",
  category: "marketing",
  description: "Sync contacts, tags, custom fields and list consent with ActiveCampaign.",
  logo: "/integrations/activecampaign.svg",
  authKinds: ["api_key"],
  configSchema: z.object({
    accountUrl: z
      .url({ protocol: /^https$/, error: "The API URL looks like https://youraccount.api-us1.com" })
      .transform((u) => u.replace(/\/+$/, "").replace(/\/api\/3$/, ""))
      .meta({ title: "API URL", description: "Settings → Developer → API Access → URL", placeholder: "https://youraccount.api-us1.com" }),
    listId: z
      .string()
      .regex(/^\d*$/, "A list id is a number")
      .optional()
      .meta({ title: "Consent list id", description: "Optional. The list whose subscription status is the contact's consent (Lists → the list's id)." }),
  }),
  credentialsSchema: {
    api_key: z.object({ apiToken: secretField("API key", "Settings → Developer → API Access → Key (keys are per user).") }),
  },
  apiBaseUrl: ({ environment, appUrl, config }) =>
    environment === "live" ? `${String(config["accountUrl"] ?? "").replace(/\/+$/, "")}/api/3` : `${sandboxBaseUrl(appUrl, "activecampaign")}/api/3`,
  objects: [{ name: "contacts", hubObject: "contact", label: "Contacts", push: true, pull: true, incremental: "poll", maxPageSize: 100 }],
  rateLimit: {
    requests: 5,
    perMs: 1_000,
    concurrency: 1,
    defaultRetryAfterMs: 1_000,
    notes: "5 requests per second per account, shared by every key; no rate-limit headers are documented.",
  },
  webhook: { scheme: "url-secret", registration: "api", events: subscribedEvents },
  setupInstructions: [
    "In ActiveCampaign open *Settings → Developer*. Copy the **API URL** (https://youraccount.api-us1.com)",
    "and the **API key** into the form. Keys belong to a user: use a user who can see every contact.",
    "",
    "Optionally give the id of the list whose subscription status should count as the contact's consent.",
    "",
    "Switchboard registers its webhook (contact updates, subscribes, unsubscribes and tag changes) through",
    "the API; the webhook URL carries a secret, because ActiveCampaign does not sign its webhooks.",
    "ActiveCampaign has no webhook for deleted contacts; a scheduled pull catches everything else.",
  ].join("\n"),
  classifyError: classifyActiveCampaignError,
  createClient: (ctx) => createActiveCampaignClient(ctx),
  webhookHandler: activecampaignWebhook,
};
