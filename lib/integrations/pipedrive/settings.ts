// Pipedrive's connection settings: the company domain an API token works on (OAuth learns the API host
// from `api_domain`); credentials are an OAuth token set or a personal API token.
import { z } from "zod";
import { secretField, type OAuthCredentials } from "@/lib/integrations/types";

export const pipedriveConfigSchema = z.object({
  companyDomain: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+$/i, "Only the part before .pipedrive.com")
    .optional()
    .meta({
      title: "Company domain",
      description: "With an API token: `yourcompany` from yourcompany.pipedrive.com. OAuth connections learn it automatically.",
      placeholder: "yourcompany",
    }),
});
export type PipedriveConfig = z.infer<typeof pipedriveConfigSchema>;

export const pipedriveApiTokenSchema = z.object({
  apiToken: secretField("API token", "Pipedrive -> your name (top right) -> Personal preferences -> API -> Your personal API token."),
});

export type PipedriveCredentials = z.infer<typeof pipedriveApiTokenSchema> | OAuthCredentials;
