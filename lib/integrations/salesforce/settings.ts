// Salesforce's connection settings: the login domain (production, sandbox org or My Domain) and which
// object the catalog offers first; credentials are always OAuth tokens.
import { z } from "zod";
import type { OAuthCredentials } from "@/lib/integrations/types";

export const salesforceConfigSchema = z.object({
  sobject: z.enum(["Lead", "Contact"]).default("Lead").meta({ title: "Sync object", description: "Which Salesforce object holds your contacts." }),
  loginDomain: z
    .string()
    .regex(/^[a-z0-9.-]+\.salesforce\.com$/i, "Use login.salesforce.com, test.salesforce.com or <MyDomain>.my.salesforce.com")
    .default("login.salesforce.com")
    .meta({ title: "Login domain", description: "login.salesforce.com for production orgs, test.salesforce.com for Salesforce sandbox orgs." }),
});
export type SalesforceConfig = z.infer<typeof salesforceConfigSchema>;
export type SalesforceCredentials = OAuthCredentials;
