// KeyCRM's connection settings: no config, an API key.
import { z } from "zod";
import { secretField } from "@/lib/integrations/types";

export const keycrmConfigSchema = z.object({});
/** KeyCRM has no settings (z.object({}) infers Record<string, never>, which no stored config would match). */
export type KeycrmConfig = Record<string, unknown>;

export const keycrmCredentialsSchema = z.object({
  apiKey: secretField("API key", "KeyCRM → Settings → General → API key (only the account owner sees it)."),
});
export type KeycrmCredentials = z.output<typeof keycrmCredentialsSchema>;
