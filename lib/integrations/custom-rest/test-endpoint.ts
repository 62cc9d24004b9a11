// "Test this endpoint" for the Custom REST builder: runs one read endpoint of a template that is not
// saved yet, with the credentials typed in the form, through the same client, SSRF guard and redaction
// as a saved connection, and reports what came back as mapped hub fields. Nothing is stored.
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { assembleContext } from "@/lib/connections/assemble-context";
import { availableEnvironments } from "@/lib/connections/available-environments";
import { configSchemaInvalid, statusInWords } from "@/lib/connections/connection-errors";
import { applyTransforms, pulls } from "@/lib/integrations/field-mapping";
import type { RawRecord } from "@/lib/integrations/object-contract";
import { createCustomRestClient } from "@/lib/integrations/custom-rest/client";
import { customRest } from "@/lib/integrations/custom-rest/definition";
import { customRestMapping } from "@/lib/integrations/custom-rest/map";
import type { CustomRestTemplate } from "@/lib/integrations/custom-rest/template";

export const endpointTestInputSchema = z.object({
  environment: z.enum(["live", "sandbox"]),
  endpoint: z.enum(["verify", "list", "get", "search"]),
  /** the record id for `get`, the e-mail for `search` */
  argument: z.string().max(320).default(""),
  config: z.record(z.string(), z.unknown()),
  credentials: z.record(z.string(), z.unknown()),
});
export type EndpointTestInput = z.input<typeof endpointTestInputSchema>;

export type EndpointTestRecord = { externalId: string; fields: Record<string, string> };
export type EndpointTestResult = { endpoint: string; request: string; durationMs: number; summary: string; records: EndpointTestRecord[] };

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/** A record as the hub would read it through the template's default mapping (hub field -> value). */
function hubView(template: CustomRestTemplate, record: RawRecord): Record<string, string> {
  const mapping = customRestMapping(template);
  const out: Record<string, string> = {};
  for (const rule of mapping.rules) {
    if (!pulls(rule)) continue;
    const v = applyTransforms(rule.transforms, record.fields[rule.providerField] ?? null, "pull");
    if (v !== null && v !== "") out[rule.hubField] = show(v).slice(0, 200);
  }
  if (template.fields.customFields) {
    const prefix = `${template.fields.customFields}.`;
    for (const [k, v] of Object.entries(record.fields)) if (k.startsWith(prefix) && v !== null && v !== "") out[`customFields.${k.slice(prefix.length)}`] = show(v).slice(0, 200);
  }
  return out;
}

export async function testCustomRestEndpoint(access: WorkspaceAccess, raw: EndpointTestInput): Promise<EndpointTestResult> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only owners and admins can test endpoints.");
  const input = endpointTestInputSchema.parse(raw);
  const def = customRest;
  const credentialsSchema = def.credentialsSchema.api_key;
  if (!credentialsSchema) throw new AppError("PROVIDER_NOT_FOUND", "The Custom REST integration is not installed.");
  if (!(await availableEnvironments(def, "api_key")).includes(input.environment)) {
    throw new AppError("BAD_REQUEST", `The ${input.environment} environment is not available here.`);
  }
  const config = def.configSchema.safeParse(input.config);
  if (!config.success) throw configSchemaInvalid("config", config.error, { template: "Template", username: "Username" });
  // An empty secret is allowed for templates with auth "none"; the client refuses it otherwise.
  const credentials = credentialsSchema.partial().safeParse(input.credentials);
  if (!credentials.success) throw configSchemaInvalid("credentials", credentials.error);
  const ctx = assembleContext({ def, connectionId: null, environment: input.environment, authKind: "api_key", config: config.data, credentials: credentials.data, metadata: {} });
  const client = createCustomRestClient({ ...ctx, config: config.data, credentials: { ...credentials.data, apiSecret: credentials.data.apiSecret ?? "" } });
  const t = client.template;
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    if (input.endpoint === "verify") {
      const e = t.verify ?? t.endpoints.list;
      await client.verifyCredentials();
      return { endpoint: "verify", request: `${e.method} ${t.baseUrl}${e.path}`, durationMs: took(), summary: "The API answered with a success status: the credentials work.", records: [] };
    }
    if (input.endpoint === "list") {
      const page = await client.objects.contacts.listAll!({ cursor: null, limit: 5 });
      const e = t.endpoints.list;
      return {
        endpoint: "list",
        request: `${e.method} ${t.baseUrl}${e.path}`,
        durationMs: took(),
        summary: `${page.items.length} record${page.items.length === 1 ? "" : "s"} on the first page${page.nextCursor ? "; there is a next page" : ""}.`,
        records: page.items.slice(0, 5).map((c) => ({ externalId: c.externalId, fields: hubView(t, c) })),
      };
    }
    if (!input.argument.trim()) {
      throw new AppError("VALIDATION_FAILED", input.endpoint === "get" ? "Enter a record id to fetch." : "Enter an e-mail address to search for.", {
        fields: { argument: input.endpoint === "get" ? "Enter a record id" : "Enter an e-mail address" },
      });
    }
    const e = input.endpoint === "get" ? t.endpoints.get : t.endpoints.search;
    const found = input.endpoint === "get" ? await client.objects.contacts.get!(input.argument.trim()) : await client.findByEmail(input.argument.trim());
    return {
      endpoint: input.endpoint,
      request: `${e.method} ${t.baseUrl}${e.path}`,
      durationMs: took(),
      summary: found ? "Found the record." : "The API answered, but no record matched.",
      records: found ? [{ externalId: found.externalId, fields: hubView(t, found) }] : [],
    };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const status = typeof err.details?.status === "number" ? err.details.status : null;
    if (status !== null) {
      const said = /answered \d{3}: (.+)$/s.exec(err.message)?.[1];
      throw new AppError(err.code, `The API answered ${statusInWords(status)}.${said ? ` It said: “${said.trim()}”` : ""}`, { status });
    }
    // template mismatches (no array at listPath, no id at idField), SSRF refusals, timeouts: already in words
    throw new AppError(err.code, err.message);
  }
}
