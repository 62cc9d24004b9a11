// Custom REST's connection settings: the template (and a Basic-auth username), the API secret and an
// optional webhook signing secret.
import { z } from "zod";
import { secretField } from "@/lib/integrations/types";
import { customRestTemplateSchema } from "@/lib/integrations/custom-rest/template";

export const customRestConfigSchema = z.object({
  template: customRestTemplateSchema.meta({ title: "Template", description: "The JSON template describing the CRM's API (see the example)." }),
  username: z.string().optional().meta({ title: "Username", description: "Only for Basic auth templates." }),
});
export type CustomRestConfig = z.output<typeof customRestConfigSchema>;

export const customRestCredentialsSchema = z.object({
  apiSecret: secretField("API key, token or password", "What the template's auth sends: the Bearer token, the API-key header value, or the Basic password."),
  webhookSecret: z.string().optional().meta({ title: "Webhook signing secret", description: "The HMAC key the CRM signs webhooks with (optional).", secret: true }),
});
export type CustomRestCredentials = z.output<typeof customRestCredentialsSchema>;
