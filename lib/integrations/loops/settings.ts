// Loops' connection settings: no config; an API key and the webhook endpoint's signing secret.
import { z } from "zod";
import { secretField } from "@/lib/integrations/types";

export const loopsConfigSchema = z.object({});
/** Loops has no settings (z.object({}) infers Record<string, never>, which no stored config would match). */
export type LoopsConfig = Record<string, unknown>;

export const loopsCredentialsSchema = z.object({
  apiKey: secretField("API key", "Loops → Settings → API → Generate key."),
  webhookSigningSecret: secretField(
    "Webhook signing secret",
    "Loops → Settings → Webhooks: set the endpoint to the URL shown below and paste its signing secret.",
    "whsec_…",
  ),
});
export type LoopsCredentials = z.output<typeof loopsCredentialsSchema>;
