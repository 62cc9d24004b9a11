// HubSpot's connection settings: no config, and an access token either way (OAuth or a private app).
import { z } from "zod";
import { secretField, type oauthCredentialsSchema } from "@/lib/integrations/types";

export const hubspotConfigSchema = z.object({});
/** HubSpot has no settings (z.object({}) infers Record<string, never>, which no stored config would match). */
export type HubspotConfig = Record<string, unknown>;

export const hubspotPrivateAppSchema = z.object({
  accessToken: secretField(
    "Private app access token",
    "Settings -> Integrations -> Private apps -> your app -> Access token (needs crm.objects.contacts.read and .write, crm.schemas.contacts.read and .write).",
    "pat-na1-…",
  ),
});

/** Both auth kinds store the token as accessToken (OAuth adds refresh token and expiry). */
export type HubspotCredentials = z.infer<typeof hubspotPrivateAppSchema> | z.infer<typeof oauthCredentialsSchema>;
