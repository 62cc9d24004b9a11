// Loops.so (API v1): Bearer API key; contacts with custom properties (listed and created) and mailing
// lists. Loops cannot list contacts, fetch one by id or say what changed: contacts are pushed (create,
// upsert by e-mail) and changes made in Loops arrive only through its Standard Webhooks deliveries.
import { sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import { createLoopsClient } from "@/lib/integrations/loops/client";
import { loopsContactsMapping } from "@/lib/integrations/loops/map";
import { loopsConfigSchema, loopsCredentialsSchema, type LoopsConfig, type LoopsCredentials } from "@/lib/integrations/loops/settings";
import { contactEventNames, loopsWebhook } from "@/lib/integrations/loops/webhook";

export const loops: ProviderDefinition<LoopsConfig, LoopsCredentials> = {
  contract: 2,
  slug: "loops",
  name: "Loops.so",
  category: "marketing",
  description: "Push contacts, consent, mailing lists and custom properties to Loops; receive its signed contact webhooks.",
  logo: "/integrations/loops.svg",
  authKinds: ["api_key"],
  configSchema: loopsConfigSchema,
  credentialsSchema: { api_key: loopsCredentialsSchema },
  apiBaseUrl: ({ environment, appUrl }) => (environment === "live" ? "https://app.loops.so/api" : `${sandboxBaseUrl(appUrl, "loops")}/api`),
  objects: [
    {
      name: "contacts",
      hubObject: "contacts",
      label: "Contacts",
      capabilities: {
        create: {},
        update: {},
        upsert: { matchKey: "email", atomic: true },
        delete: {},
        describeFields: true,
        createField: true,
      },
      defaultMapping: loopsContactsMapping,
      limitations: [
        "Loops cannot list contacts or say what changed: nothing is pulled; changes made in Loops arrive only through its webhooks (created, unsubscribed, deleted, mailing-list changes).",
        "Loops sends no webhook for other edits made in Loops (names, custom properties).",
        "Loops finds contacts by e-mail only (no lookup by id): Switchboard writes and deletes by e-mail; a changed e-mail reaches Loops only through a mapped userId.",
        "No phone, company, owner, lead status or tags in Loops; mailing lists and custom properties instead.",
        "Custom properties are text, number, yes/no or date.",
      ],
    },
  ],
  rateLimit: {
    requests: 10,
    perMs: 1_000,
    concurrency: 2,
    defaultRetryAfterMs: 1_000,
    notes: "10 requests per second per team; x-ratelimit-limit / x-ratelimit-remaining on every answer (remaining 0 on a 429).",
  },
  webhook: { scheme: "Standard Webhooks (HMAC-SHA256, whsec_ secret)", registration: "manual", setup: "provider-secret", providerSecretCredential: "webhookSigningSecret", events: contactEventNames },
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
