// Custom REST: any REST CRM described by a declarative template (lib/integrations/custom-rest/template.ts).
// The base URL is the tenant's, so every call passes the SSRF guard in lib/http. What a connection can do
// comes from its template (objectsFor): `objects` is the catalog's view, the example template's set.
import { sandboxBaseUrl, type ProviderDefinition } from "@/lib/integrations/types";
import { createCustomRestClient } from "@/lib/integrations/custom-rest/client";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import { customRestObjects } from "@/lib/integrations/custom-rest/map";
import { customRestConfigSchema, customRestCredentialsSchema, type CustomRestConfig, type CustomRestCredentials } from "@/lib/integrations/custom-rest/settings";
import { assertCustomRestTemplate, customRestTemplateSchema } from "@/lib/integrations/custom-rest/template";
import { customRestWebhook } from "@/lib/integrations/custom-rest/webhook";

export { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";

export const customRest: ProviderDefinition<CustomRestConfig, CustomRestCredentials> = {
  contract: 2,
  slug: "custom-rest",
  name: "Custom REST CRM",
  category: "custom",
  description: "Connect any REST CRM by describing its endpoints, paging, fields and webhook signature in a template.",
  logo: "/integrations/custom-rest.svg",
  authKinds: ["api_key"],
  configSchema: customRestConfigSchema,
  credentialsSchema: { api_key: customRestCredentialsSchema },
  apiBaseUrl: ({ environment, appUrl, config }) => {
    const parsed = customRestTemplateSchema.safeParse(config.template);
    if (parsed.success) return parsed.data.baseUrl;
    return environment === "sandbox" ? `${sandboxBaseUrl(appUrl, "custom-rest")}/api` : "";
  },
  // the catalog's view; a connection's objects come from its template
  objects: customRestObjects(customRestTemplateSchema.parse(exampleTemplate("https://crm.example.com/api"))),
  connectForm: "rest-template",
  objectsFor: (config) => customRestObjects(assertCustomRestTemplate(config.template)),
  rateLimit: {
    requests: 60,
    perMs: 60_000,
    concurrency: 1,
    defaultRetryAfterMs: 30_000,
    notes: "Unknown in general: a conservative 1 request per second; Retry-After and x-ratelimit-* headers are honoured when sent.",
  },
  webhook: { scheme: "HMAC as the template describes", registration: "manual", setup: "provider-secret", providerSecretCredential: "webhookSecret", events: ["contact.created", "contact.updated", "contact.deleted"] },
  setupInstructions: [
    "Describe your CRM's API in the template: base URL, auth (Bearer, API-key header, Basic or none), the",
    "list / get / search / create / update / delete endpoints (`{id}` marks the record id), paging style,",
    "the updated-at field and modified-since parameter, where each hub field sits in the JSON (dot paths),",
    "and how webhooks are signed (header, sha1/sha256/sha512, hex/base64, prefix, optional timestamp).",
    "",
    "What the connection can do follows the template: deleting needs a delete endpoint, incremental pulls",
    "need the modified-since parameter and the updated-at field.",
    "",
    "Try it offline first: the example template targets the built-in *Generic CRM* sandbox.",
    "Requests only go to public addresses: private, loopback and metadata addresses are refused.",
  ].join("\n"),
  createClient: (ctx) => createCustomRestClient(ctx),
  webhookHandler: customRestWebhook,
  // The builder starts from a template that works against the sandbox (or a placeholder live URL).
  exampleConfig: ({ environment, appUrl }) => {
    const baseUrl = environment === "sandbox" ? `${sandboxBaseUrl(appUrl, "custom-rest")}/api` : "https://crm.example.com/api";
    return { "config.template": JSON.stringify(exampleTemplate(baseUrl), null, 2) };
  },
};
