"use server";

import { redirect } from "next/navigation";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { AppError } from "@/lib/errors/app-error";
import { actionError } from "@/lib/errors/action-error";
import { getProvider } from "@/lib/integrations/registry";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { readFields } from "@/lib/connections/parse-connect-form";
import { startOAuth } from "@/lib/connections/start-oauth";
import { formFields } from "@/lib/connections/template-dto";
import { testCustomRestEndpoint, type EndpointTestInput, type EndpointTestResult } from "@/lib/integrations/custom-rest/test-endpoint";

export type ConnectState = { error?: string; code?: string; fields?: Record<string, string>; values?: Record<string, string> } | undefined;

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");

/** Echo back only non-secret inputs so the form keeps them after an error; secrets are typed again. */
function nonSecretValues(fd: FormData, secretNames: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string" && !k.startsWith("$") && !secretNames.has(k) && !k.startsWith("credentials.")) out[k] = v;
  return out;
}

const fail = (err: unknown, values: Record<string, string>): ConnectState => ({ ...actionError(err), values });

export async function connectApiKeyAction(slug: string, provider: string, _prev: ConnectState, fd: FormData): Promise<ConnectState> {
  const access = await requireWorkspaceRole(slug, "admin");
  const def = getProvider(provider);
  const credentialsSchema = def?.credentialsSchema.api_key;
  const credentialFields = credentialsSchema ? formFields("credentials", credentialsSchema) : [];
  const values = nonSecretValues(fd, new Set(credentialFields.map((f) => f.name)));
  let id: string;
  try {
    if (!def || !credentialsSchema) throw new AppError("PROVIDER_NOT_FOUND", "This integration does not exist or takes no API key");
    const config = readFields(fd, formFields("config", def.configSchema));
    const credentials = readFields(fd, credentialFields);
    ({ id } = await connectApiKey(access, { provider, name: str(fd, "name"), environment: str(fd, "environment") as "live" | "sandbox", config, credentials }));
  } catch (err) {
    return fail(err, values);
  }
  redirect(`/w/${access.workspace.slug}/connections/${id}?connected=1`);
}

export async function startOAuthAction(slug: string, provider: string, _prev: ConnectState, fd: FormData): Promise<ConnectState> {
  const access = await requireWorkspaceRole(slug, "admin");
  const def = getProvider(provider);
  const values = nonSecretValues(fd, new Set());
  let authorizeUrl: string;
  try {
    if (!def) throw new AppError("PROVIDER_NOT_FOUND", "This integration does not exist");
    const config = readFields(fd, formFields("config", def.configSchema));
    ({ authorizeUrl } = await startOAuth(access, { provider, name: str(fd, "name"), environment: str(fd, "environment") as "live" | "sandbox", config }));
  } catch (err) {
    return fail(err, values);
  }
  redirect(authorizeUrl);
}

export type EndpointTestState = { result?: EndpointTestResult; error?: string; code?: string; fields?: Record<string, string> };

/** The Custom REST builder's "Test this endpoint": one live read with the typed template and secret; nothing is saved. */
export async function testCustomRestEndpointAction(slug: string, input: EndpointTestInput): Promise<EndpointTestState> {
  const access = await requireWorkspaceRole(slug, "admin");
  try {
    return { result: await testCustomRestEndpoint(access, input) };
  } catch (err) {
    return actionError(err);
  }
}
