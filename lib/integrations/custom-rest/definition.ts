// Custom REST: any REST CRM described by a declarative template (lib/integrations/custom-rest/template.ts).
// The base URL is the tenant's, so every call passes the SSRF guard in lib/http.
import { z } from "zod";
import { sandboxBaseUrl, secretField, type ProviderDefinitionV1 } from "@/lib/integrations/types";
import { createCustomRestClient } from "@/lib/integrations/custom-rest/client";
import { customRestTemplateSchema } from "@/lib/integrations/custom-rest/template";
import { customRestWebhook } from "@/lib/integrations/custom-rest/webhook";

export { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";

export const customRest: ProviderDefinitionV1 = {
  slug: "custom-rest",
  name: "Custom REST CRM",
  category: "custom",
  description: "Connect any REST CRM by describing its endpoints, paging, fields and webhook signature in a template.",
  logo: "/integrations/custom-rest.svg",
  authKinds: ["api_key"],
  configSchema: z.object({
    template: customRestTemplateSchema.meta({ title: "Template", description: "The JSON template describing the CRM's API (see the example)." }),
    username: z.string().optional().meta({ title: "Username", description: "Only for Basic auth templates." }),
  }),
  credentialsSchema: {
    api_key: z.object({
      apiSecret: secretField("API key, token or password", "What the template's auth sends: the Bearer token, the API-key header value, or the Basic password."),
      webhookSecret: z.string().optional().meta({ title: "Webhook signing secret", description: "The HMAC key the CRM signs webhooks with (optional).", secret: true }),
    }),
  },
  apiBaseUrl: ({ environment, appUrl, config }) => {
    const parsed = customRestTemplateSchema.safeParse(config["template"]);
    if (parsed.success) return parsed.data.baseUrl;
    return environment === "sandbox" ? `${sandboxBaseUrl(appUrl, "custom-rest")}/api` : "";
  },
  objects: [{ name: "contacts", hubObject: "contact", label: "Contacts", push: true, pull: true, incremental: "poll", maxPageSize: 1000 }],
  rateLimit: {
    requests: 60,
    perMs: 60_000,
    concurrency: 1,
    defaultRetryAfterMs: 30_000,
    notes: "Unknown in general: a conservative 1 request per second; Retry-After and x-ratelimit-* headers are honoured when sent.",
  },
  webhook: { scheme: "hmac", registration: "manual", events: ["contact.created", "contact.updated", "contact.deleted"] },
  setupInstructions: [
    "Describe your CRM's API in the template: base URL, auth (Bearer, API-key header, Basic or none), the",
    "list / get / search / create / update / delete endpoints (`{id}` marks the record id), paging style,",
    "the updated-at field and modified-since parameter, where each hub field sits in the JSON (dot paths),",
    "and how webhooks are signed (header, sha1/sha256/sha512, hex/base64, prefix, optional timestamp).",
    "",
    "Try it offline first: the example template targets the built-in *Generic CRM* sandbox.",
    "Requests only go to public addresses: private, loopback and metadata addresses are refused.",
  ].join("\n"),
  createClient: (ctx) => createCustomRestClient(ctx),
  webhookHandler: customRestWebhook,
  // The builder starts from a template that works against the sandbox (or a placeholder live URL).
  exampleConfig: async ({ environment, appUrl }) => {
    const { exampleTemplate } = await import("@/lib/integrations/custom-rest/example-template");
    const baseUrl = environment === "sandbox" ? `${sandboxBaseUrl(appUrl, "custom-rest")}/api` : "https://crm.example.com/api";
    return { "config.template": JSON.stringify(exampleTemplate(baseUrl), null, 2) };
  },
};
