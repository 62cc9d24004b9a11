// ActiveCampaign's connection settings: the account's API URL (config) and a per-user API token.
import { z } from "zod";
import { secretField } from "@/lib/integrations/types";

export const activecampaignConfigSchema = z.object({
  accountUrl: z
    .url({ protocol: /^https$/, error: "The API URL looks like https://youraccount.api-us1.com" })
    .transform((u) => u.replace(/\/+$/, "").replace(/\/api\/3$/, ""))
    .meta({ title: "API URL", description: "Settings → Developer → API Access → URL", placeholder: "https://youraccount.api-us1.com" }),
  listId: z
    .string()
    .regex(/^\d*$/, "A list id is a number")
    .optional()
    .meta({ title: "Consent list id", description: "Optional. The list whose subscription status is the contact's consent (Lists → the list's id)." }),
});
export type ActiveCampaignConfig = z.output<typeof activecampaignConfigSchema>;

export const activecampaignCredentialsSchema = z.object({
  apiToken: secretField("API key", "Settings → Developer → API Access → Key (keys are per user)."),
});
export type ActiveCampaignCredentials = z.output<typeof activecampaignCredentialsSchema>;
