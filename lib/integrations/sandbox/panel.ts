// The sandbox control panel's domain side, always within one workspace: DTOs for pages (no Prisma types
// reach components) and the edits a person makes "as if in the provider" (which go through the record
// store, so they emit the provider's signed webhooks). Every function takes the workspace id and treats
// another workspace's account as missing. Role checks (admin/owner to change) are the caller's.
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { redactHeaders, redactString, redactUrl } from "@/lib/http/redact";
import { getWorkspaceSandboxAccount, openSandboxApiKey, updateSandboxFaults, type FaultSettings } from "@/lib/integrations/sandbox/accounts";
import { ensureWorkspaceOAuthApp, setSandboxRedirectUris } from "@/lib/integrations/sandbox/oauth-apps";
import { createRecord, deleteRecord, getRecord, listRecords, nextExternalId, updateRecord } from "@/lib/integrations/sandbox/record-store";
import type { ProviderSandbox, SandboxAccount, SandboxFormField } from "@/lib/integrations/sandbox/sandbox-types";
import { addSandboxAccount, ensureWorkspaceSandboxes } from "@/lib/integrations/sandbox/seed";
import { createSandboxSubscription, openSubscription } from "@/lib/integrations/sandbox/subscriptions";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";

export type AccountDto = { id: string; provider: string; providerName: string; name: string; externalId: string; records: number };
export type FaultsDto = FaultSettings;
export type RecordRowDto = { externalId: string; title: string; subtitle: string; updatedAt: string };
export type ObjectTabDto = { type: string; label: string };
export type RecordFormDto = { objectType: string; externalId: string | null; fields: SandboxFormField[]; values: Record<string, string>; raw: string };
export type DeliveryDto = { id: string; createdAt: string; url: string; status: string; fault: string | null; responseStatus: number | null; responseBody: string | null; error: string | null; headers: Record<string, string>; body: string };
export type SubscriptionDto = { id: string; url: string; events: string[]; scope: "account" | "app"; active: boolean };
/** What an external tool needs to talk to this account's sandbox (members of the workspace only). */
export type ConnectionDetailsDto = {
  baseUrl: string;
  apiKey: string;
  oauth: { appId: string; clientId: string; clientSecret: string; defaultRedirectUri: string; redirectUris: string[]; developerApiKey: string | null } | null;
  webhookPublicKeys: { scheme: string; pem: string }[];
};
export type ProviderOverviewDto = { slug: string; name: string; logo: string; accounts: AccountDto[] };

async function sandboxFor(slug: string): Promise<{ name: string; sandbox: ProviderSandbox }> {
  const { getProvider } = await import("@/lib/integrations/registry");
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const p = getProvider(slug);
  const sandbox = getSandbox(slug);
  if (!p || !sandbox) throw new AppError("NOT_FOUND", `No sandbox for ${slug}.`);
  return { name: p.name, sandbox };
}

async function accountOrThrow(workspaceId: string, id: string): Promise<SandboxAccount> {
  const a = await getWorkspaceSandboxAccount(workspaceId, id);
  if (!a) throw new AppError("NOT_FOUND", "No such sandbox account.");
  return a;
}

/** Every provider's accounts of this workspace; gives the workspace its sandboxes on first use. */
export async function listSandboxOverview(workspaceId: string): Promise<ProviderOverviewDto[]> {
  await ensureWorkspaceSandboxes(workspaceId);
  const { providers } = await import("@/lib/integrations/registry");
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const accounts = await db.sandboxAccount.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { records: { where: { deleted: false } } } } },
  });
  return providers
    .filter((p) => getSandbox(p.slug))
    .map((p) => ({
      slug: p.slug,
      name: p.name,
      logo: p.logo,
      accounts: accounts
        .filter((a) => a.provider === p.slug)
        .map((a) => ({ id: a.id, provider: a.provider, providerName: p.name, name: a.name, externalId: a.externalId, records: a._count.records })),
    }));
}

/** `q` keeps the records whose title, subtitle or id contains it (case-insensitive). */
export async function getAccountView(workspaceId: string, accountId: string, objectType: string | undefined, page: number, pageSize = 25, q = "") {
  const account = await accountOrThrow(workspaceId, accountId);
  const { name, sandbox } = await sandboxFor(account.provider);
  const spec = sandbox.objects.find((o) => o.type === objectType) ?? sandbox.objects[0];
  if (!spec) throw new AppError("NOT_FOUND", "This sandbox has no objects.");
  const needle = q.trim().toLowerCase();
  const all = (await listRecords(account.id, spec.type)).reverse().map((r) => ({ r, summary: spec.summary(r.data) }));
  const records = needle ? all.filter(({ r, summary }) => [summary.title, summary.subtitle, r.externalId].some((t) => t.toLowerCase().includes(needle))) : all;
  const rows: RecordRowDto[] = records.slice(page * pageSize, (page + 1) * pageSize).map(({ r, summary }) => ({ externalId: r.externalId, ...summary, updatedAt: r.updatedAt.toISOString() }));
  const faults: FaultsDto = {
    latencyMs: account.latencyMs, errorRate: account.errorRate, forceRateLimit: account.forceRateLimit, retryAfterSeconds: account.retryAfterSeconds,
    timeoutRate: account.timeoutRate, webhookDropRate: account.webhookDropRate, webhookDuplicateRate: account.webhookDuplicateRate, webhookOutOfOrder: account.webhookOutOfOrder,
  };
  return {
    account: { id: account.id, provider: account.provider, providerName: name, name: account.name, externalId: account.externalId, records: all.length } satisfies AccountDto,
    objects: sandbox.objects.map((o) => ({ type: o.type, label: o.label })) satisfies ObjectTabDto[],
    objectType: spec.type,
    rows,
    total: records.length,
    page,
    pageSize,
    faults,
  };
}

/** Base URL, API key, the workspace's OAuth app and webhook public keys for one account. */
export async function getConnectionDetails(workspaceId: string, accountId: string, appUrl: string): Promise<ConnectionDetailsDto> {
  const account = await accountOrThrow(workspaceId, accountId);
  const { sandbox } = await sandboxFor(account.provider);
  const app = await ensureWorkspaceOAuthApp(sandbox, workspaceId);
  const publicKeys = (app?.webhookPublicKeys ?? {}) as Record<string, unknown>;
  return {
    baseUrl: `${appUrl.replace(/\/$/, "")}/sandbox/${account.provider}`,
    apiKey: await openSandboxApiKey(account),
    oauth: app
      ? {
          appId: app.id,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
          defaultRedirectUri: `${appUrl.replace(/\/$/, "")}/api/oauth/callback`,
          redirectUris: app.redirectUris,
          developerApiKey: app.developerApiKey,
        }
      : null,
    webhookPublicKeys: Object.entries(publicKeys).flatMap(([scheme, pem]) => (typeof pem === "string" ? [{ scheme, pem }] : [])),
  };
}

export async function getRecordForm(workspaceId: string, accountId: string, objectType: string, externalId: string | null): Promise<{ account: AccountDto; form: RecordFormDto }> {
  const view = await getAccountView(workspaceId, accountId, objectType, 0, 0);
  const { sandbox } = await sandboxFor(view.account.provider);
  const spec = sandbox.objects.find((o) => o.type === objectType);
  if (!spec) throw new AppError("NOT_FOUND", "Unknown object type.");
  const rec = externalId ? await getRecord(accountId, objectType, externalId) : null;
  if (externalId && !rec) throw new AppError("NOT_FOUND", "No such record.");
  return {
    account: view.account,
    form: { objectType, externalId, fields: [...spec.fields], values: rec ? spec.toForm(rec.data) : {}, raw: rec ? JSON.stringify(rec.data, null, 2) : "" },
  };
}

const valuesSchema = z.record(z.string(), z.string().max(2000));

/** Create or update a record as a person in the provider's UI would; returns the external id. */
export async function savePanelRecord(input: { workspaceId: string; accountId: string; objectType: string; externalId: string | null; values: Record<string, string> }): Promise<string> {
  const account = await accountOrThrow(input.workspaceId, input.accountId);
  const { sandbox } = await sandboxFor(account.provider);
  const spec = sandbox.objects.find((o) => o.type === input.objectType);
  if (!spec) throw new AppError("NOT_FOUND", "Unknown object type.");
  const values = valuesSchema.parse(input.values);
  const now = new Date();
  if (input.externalId) {
    const rec = await getRecord(account.id, spec.type, input.externalId);
    if (!rec) throw new AppError("NOT_FOUND", "No such record.");
    const data = spec.fromForm(values, { existing: rec.data, externalId: rec.externalId, now, account });
    await updateRecord({ account, objectType: spec.type, externalId: rec.externalId, data, now, source: { kind: "panel" } });
    await flushSandboxWebhooks({ releaseHeld: false });
    return rec.externalId;
  }
  const externalId = await nextExternalId(account, spec);
  await createRecord({ account, objectType: spec.type, externalId, data: spec.fromForm(values, { existing: null, externalId, now, account }), now, source: { kind: "panel" } });
  await flushSandboxWebhooks({ releaseHeld: false });
  return externalId;
}

export async function deletePanelRecord(input: { workspaceId: string; accountId: string; objectType: string; externalId: string }): Promise<void> {
  const account = await accountOrThrow(input.workspaceId, input.accountId);
  await deleteRecord({ account, objectType: input.objectType, externalId: input.externalId, now: new Date(), source: { kind: "panel" } });
  await flushSandboxWebhooks({ releaseHeld: false });
}

export async function setPanelFaults(workspaceId: string, accountId: string, faults: FaultSettings): Promise<void> {
  await accountOrThrow(workspaceId, accountId);
  await updateSandboxFaults(accountId, faults);
}

export async function addPanelAccount(workspaceId: string, slug: string, name?: string): Promise<AccountDto> {
  const { name: providerName } = await sandboxFor(slug);
  const a = await addSandboxAccount({ workspaceId, slug, ...(name ? { name } : {}) });
  const records = await db.sandboxRecord.count({ where: { accountId: a.id, deleted: false } });
  return { id: a.id, provider: a.provider, providerName, name: a.name, externalId: a.externalId, records };
}

export async function setPanelRedirectUris(workspaceId: string, accountId: string, uris: readonly string[]): Promise<string[]> {
  const account = await accountOrThrow(workspaceId, accountId);
  const { sandbox } = await sandboxFor(account.provider);
  const app = await ensureWorkspaceOAuthApp(sandbox, workspaceId);
  if (!app) throw new AppError("BAD_REQUEST", "This sandbox has no OAuth app.");
  return setSandboxRedirectUris(workspaceId, app.id, uris);
}

async function visibleSubscriptions(account: SandboxAccount) {
  const installed = await db.sandboxToken.findMany({ where: { accountId: account.id, revokedAt: null }, distinct: ["appId"], select: { appId: true } });
  return db.sandboxWebhookSubscription.findMany({
    where: {
      provider: account.provider,
      OR: [{ accountId: account.id }, { accountId: null, appId: { in: installed.map((t) => t.appId) }, app: { workspaceId: account.workspaceId } }],
    },
    orderBy: { createdAt: "asc" },
  });
}

export async function getWebhookView(
  workspaceId: string,
  accountId: string,
): Promise<{ account: AccountDto; deliveries: DeliveryDto[]; subscriptions: SubscriptionDto[]; generatesSigningSecret: boolean }> {
  const view = await getAccountView(workspaceId, accountId, undefined, 0, 0);
  const { sandbox } = await sandboxFor(view.account.provider);
  const account = await accountOrThrow(workspaceId, accountId);
  const subs = await Promise.all((await visibleSubscriptions(account)).map(openSubscription));
  const secrets = subs.flatMap((s) => (s.secret ? [s.secret] : []));
  const deliveries = await db.sandboxWebhookDelivery.findMany({ where: { accountId }, orderBy: { createdAt: "desc" }, take: 50 });
  return {
    account: view.account,
    generatesSigningSecret: Boolean(sandbox.panelWebhookEndpoint),
    subscriptions: subs.map((s) => ({ id: s.id, url: redactUrl(s.url, secrets), events: s.events, scope: s.accountId ? "account" : "app", active: s.active })),
    deliveries: deliveries.map((d) => redactDelivery(d, secrets)),
  };
}

/** A recorded delivery as the panel shows it: credentials in headers (authorization, cookies, API keys, basic auth), the URL and the body redacted. */
export function redactDelivery(
  d: { id: string; createdAt: Date; url: string; status: string; fault: string | null; responseStatus: number | null; responseBody: string | null; error: string | null; headers: unknown; body: string },
  secrets: readonly string[] = [],
): DeliveryDto {
  const headers = z.record(z.string(), z.string()).catch({}).parse(d.headers ?? {});
  return {
    id: d.id,
    createdAt: d.createdAt.toISOString(),
    url: redactUrl(d.url, secrets),
    status: d.status,
    fault: d.fault,
    responseStatus: d.responseStatus,
    responseBody: d.responseBody === null ? null : redactString(d.responseBody, secrets),
    error: d.error === null ? null : redactString(d.error, secrets),
    headers: redactHeaders(headers, secrets),
    body: redactString(d.body, secrets),
  };
}

/**
 * Add a webhook target. Where the provider generates the endpoint's signing secret (Loops), the sandbox
 * does too and it is returned (to show once); elsewhere the person may give one.
 */
export async function addPanelSubscription(input: { workspaceId: string; accountId: string; url: string; events: string[]; secret?: string | null }): Promise<{ signingSecret: string | null }> {
  const account = await accountOrThrow(input.workspaceId, input.accountId);
  const { sandbox } = await sandboxFor(account.provider);
  if (sandbox.panelWebhookEndpoint) {
    const { signingSecret } = await sandbox.panelWebhookEndpoint({ accountId: account.id, url: input.url, events: input.events });
    return { signingSecret };
  }
  await createSandboxSubscription({ provider: account.provider, accountId: account.id, url: input.url, events: input.events, secret: input.secret ?? null });
  return { signingSecret: null };
}

export async function removePanelSubscription(workspaceId: string, accountId: string, subscriptionId: string): Promise<void> {
  const account = await accountOrThrow(workspaceId, accountId);
  const visible = await visibleSubscriptions(account);
  if (!visible.some((s) => s.id === subscriptionId)) throw new AppError("NOT_FOUND", "No such subscription.");
  await db.sandboxWebhookSubscription.delete({ where: { id: subscriptionId } });
}
