// The sandbox control panel's domain side: DTOs for pages (no Prisma types reach components) and the
// edits a person makes "as if in the provider" (which go through the record store, so they emit the
// provider's signed webhooks).
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { getSandboxAccount, updateSandboxFaults, type FaultSettings } from "@/lib/integrations/sandbox/accounts";
import { createRecord, deleteRecord, getRecord, listRecords, nextExternalId, updateRecord } from "@/lib/integrations/sandbox/record-store";
import type { ProviderSandbox, SandboxAccount, SandboxFormField } from "@/lib/integrations/sandbox/sandbox-types";
import { createSandboxSubscription, flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";

export type AccountDto = { id: string; provider: string; providerName: string; name: string; externalId: string; apiKey: string; records: number };
export type FaultsDto = FaultSettings;
export type RecordRowDto = { externalId: string; title: string; subtitle: string; updatedAt: string };
export type ObjectTabDto = { type: string; label: string };
export type RecordFormDto = { objectType: string; externalId: string | null; fields: SandboxFormField[]; values: Record<string, string>; raw: string };
export type DeliveryDto = { id: string; createdAt: string; url: string; status: string; fault: string | null; responseStatus: number | null; responseBody: string | null; error: string | null; headers: Record<string, string>; body: string };
export type SubscriptionDto = { id: string; url: string; events: string[]; scope: "account" | "app"; active: boolean };

async function sandboxFor(slug: string): Promise<{ name: string; sandbox: ProviderSandbox }> {
  const { getProvider } = await import("@/lib/integrations/registry");
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const p = getProvider(slug);
  const sandbox = getSandbox(slug);
  if (!p || !sandbox) throw new AppError("NOT_FOUND", `No sandbox for ${slug}.`);
  return { name: p.name, sandbox };
}

async function accountOrThrow(id: string): Promise<SandboxAccount> {
  const a = await getSandboxAccount(id);
  if (!a) throw new AppError("NOT_FOUND", "No such sandbox account.");
  return a;
}

export async function listSandboxOverview(): Promise<{ slug: string; name: string; logo: string; accounts: AccountDto[] }[]> {
  const { providers } = await import("@/lib/integrations/registry");
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const accounts = await db.sandboxAccount.findMany({ orderBy: { createdAt: "asc" }, include: { _count: { select: { records: { where: { deleted: false } } } } } });
  return providers
    .filter((p) => getSandbox(p.slug))
    .map((p) => ({
      slug: p.slug,
      name: p.name,
      logo: p.logo,
      accounts: accounts
        .filter((a) => a.provider === p.slug)
        .map((a) => ({ id: a.id, provider: a.provider, providerName: p.name, name: a.name, externalId: a.externalId, apiKey: a.apiKey, records: a._count.records })),
    }));
}

export async function getAccountView(accountId: string, objectType: string | undefined, page: number, pageSize = 25) {
  const account = await accountOrThrow(accountId);
  const { name, sandbox } = await sandboxFor(account.provider);
  const spec = sandbox.objects.find((o) => o.type === objectType) ?? sandbox.objects[0];
  if (!spec) throw new AppError("NOT_FOUND", "This sandbox has no objects.");
  const records = (await listRecords(account.id, spec.type)).reverse();
  const rows: RecordRowDto[] = records.slice(page * pageSize, (page + 1) * pageSize).map((r) => ({ externalId: r.externalId, ...spec.summary(r.data), updatedAt: r.updatedAt.toISOString() }));
  const faults: FaultsDto = {
    latencyMs: account.latencyMs, errorRate: account.errorRate, forceRateLimit: account.forceRateLimit, retryAfterSeconds: account.retryAfterSeconds,
    timeoutRate: account.timeoutRate, webhookDropRate: account.webhookDropRate, webhookDuplicateRate: account.webhookDuplicateRate, webhookOutOfOrder: account.webhookOutOfOrder,
  };
  return {
    account: { id: account.id, provider: account.provider, providerName: name, name: account.name, externalId: account.externalId, apiKey: account.apiKey, records: records.length } satisfies AccountDto,
    oauthClientId: sandbox.oauthApp?.clientId ?? null,
    objects: sandbox.objects.map((o) => ({ type: o.type, label: o.label })) satisfies ObjectTabDto[],
    objectType: spec.type,
    rows,
    total: records.length,
    page,
    pageSize,
    faults,
  };
}

export async function getRecordForm(accountId: string, objectType: string, externalId: string | null): Promise<{ account: AccountDto; form: RecordFormDto }> {
  const view = await getAccountView(accountId, objectType, 0, 0);
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
export async function savePanelRecord(input: { accountId: string; objectType: string; externalId: string | null; values: Record<string, string> }): Promise<string> {
  const account = await accountOrThrow(input.accountId);
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

export async function deletePanelRecord(input: { accountId: string; objectType: string; externalId: string }): Promise<void> {
  const account = await accountOrThrow(input.accountId);
  await deleteRecord({ account, objectType: input.objectType, externalId: input.externalId, now: new Date(), source: { kind: "panel" } });
  await flushSandboxWebhooks({ releaseHeld: false });
}

export async function setPanelFaults(accountId: string, faults: FaultSettings): Promise<void> {
  await accountOrThrow(accountId);
  await updateSandboxFaults(accountId, faults);
}

export async function getWebhookView(accountId: string): Promise<{ account: AccountDto; deliveries: DeliveryDto[]; subscriptions: SubscriptionDto[] }> {
  const view = await getAccountView(accountId, undefined, 0, 0);
  const installed = await db.sandboxToken.findMany({ where: { accountId, revokedAt: null }, distinct: ["appId"], select: { appId: true } });
  const subs = await db.sandboxWebhookSubscription.findMany({
    where: { provider: view.account.provider, OR: [{ accountId }, { accountId: null, appId: { in: installed.map((t) => t.appId) } }] },
    orderBy: { createdAt: "asc" },
  });
  const deliveries = await db.sandboxWebhookDelivery.findMany({ where: { accountId }, orderBy: { createdAt: "desc" }, take: 50 });
  return {
    account: view.account,
    subscriptions: subs.map((s) => ({ id: s.id, url: redactSecretParam(s.url), events: s.events, scope: s.accountId ? "account" : "app", active: s.active })),
    deliveries: deliveries.map((d) => ({
      id: d.id, createdAt: d.createdAt.toISOString(), url: redactSecretParam(d.url), status: d.status, fault: d.fault, responseStatus: d.responseStatus,
      responseBody: d.responseBody, error: d.error, headers: (d.headers ?? {}) as Record<string, string>, body: d.body,
    })),
  };
}

/** URL secrets (per-connection webhook secrets) are not shown in the panel. */
function redactSecretParam(url: string): string {
  try {
    const u = new URL(url);
    if (u.searchParams.has("secret")) u.searchParams.set("secret", "…");
    return u.toString();
  } catch {
    return url;
  }
}

export async function addPanelSubscription(input: { accountId: string; url: string; events: string[] }): Promise<void> {
  const account = await accountOrThrow(input.accountId);
  await createSandboxSubscription({ provider: account.provider, accountId: account.id, url: input.url, events: input.events });
}

export async function removePanelSubscription(accountId: string, subscriptionId: string): Promise<void> {
  await db.sandboxWebhookSubscription.deleteMany({ where: { id: subscriptionId, OR: [{ accountId }, { accountId: null }] } });
}
