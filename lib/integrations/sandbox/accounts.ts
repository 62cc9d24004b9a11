// Sandbox accounts (a fake portal / org / location per provider), their OAuth app, and fault settings.
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { ProviderSandbox, SandboxAccount, SandboxOAuthApp } from "@/lib/integrations/sandbox/sandbox-types";
import { createRng } from "@/lib/integrations/sandbox/rng";

export const DEFAULT_ACCOUNT_KEY = "default";

/** Get or create an account (without records; see seed.ts). Deterministic name, id and API key per (slug, key). */
export async function ensureSandboxAccount(sandbox: ProviderSandbox, key: string = DEFAULT_ACCOUNT_KEY): Promise<SandboxAccount> {
  const existing = await db.sandboxAccount.findUnique({ where: { provider_key: { provider: sandbox.slug, key } } });
  if (existing) return existing;
  const rng = createRng(`${sandbox.slug}:${key}:account`);
  const { name, externalId } = sandbox.newAccount({ key, rng });
  const apiKey = `sbx_${sandbox.slug}_${key}_${rng.hex(24)}`;
  try {
    return await db.sandboxAccount.create({ data: { provider: sandbox.slug, key, name, externalId, apiKey } });
  } catch (err) {
    // Lost a race with a concurrent start-up: the row exists now.
    const again = await db.sandboxAccount.findUnique({ where: { provider_key: { provider: sandbox.slug, key } } });
    if (again) return again;
    throw err;
  }
}

export async function getSandboxAccount(id: string): Promise<SandboxAccount | null> {
  return db.sandboxAccount.findUnique({ where: { id } });
}

export async function findSandboxAccountByApiKey(slug: string, apiKey: string): Promise<SandboxAccount | null> {
  const account = await db.sandboxAccount.findUnique({ where: { apiKey } });
  return account && account.provider === slug ? account : null;
}

export async function listSandboxAccounts(slug?: string): Promise<SandboxAccount[]> {
  return db.sandboxAccount.findMany({ where: slug ? { provider: slug } : {}, orderBy: [{ provider: "asc" }, { createdAt: "asc" }] });
}

/** Reserve `count` consecutive numbers from the account's id counter; returns the first. */
export async function allocateNumbers(accountId: string, count = 1): Promise<number> {
  const updated = await db.sandboxAccount.update({
    where: { id: accountId },
    data: { nextNumber: { increment: count } },
    select: { nextNumber: true },
  });
  return updated.nextNumber - count;
}

export const faultSettingsSchema = z.object({
  latencyMs: z.coerce.number().int().min(0).max(60_000),
  errorRate: z.coerce.number().min(0).max(1),
  forceRateLimit: z.coerce.boolean(),
  retryAfterSeconds: z.coerce.number().int().min(0).max(3600),
  timeoutRate: z.coerce.number().min(0).max(1),
  webhookDropRate: z.coerce.number().min(0).max(1),
  webhookDuplicateRate: z.coerce.number().min(0).max(1),
  webhookOutOfOrder: z.coerce.boolean(),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const noFaults: FaultSettings = {
  latencyMs: 0,
  errorRate: 0,
  forceRateLimit: false,
  retryAfterSeconds: 10,
  timeoutRate: 0,
  webhookDropRate: 0,
  webhookDuplicateRate: 0,
  webhookOutOfOrder: false,
};

export async function updateSandboxFaults(accountId: string, faults: Partial<FaultSettings>): Promise<SandboxAccount> {
  const parsed = faultSettingsSchema.partial().parse(faults);
  const data = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
  return db.sandboxAccount.update({ where: { id: accountId }, data });
}

/** Provider-specific account settings (e.g. HubSpot's search result cap), merged into `settings`. */
export async function updateSandboxSettings(accountId: string, settings: Record<string, unknown>): Promise<SandboxAccount> {
  const account = await db.sandboxAccount.findUniqueOrThrow({ where: { id: accountId } });
  const merged = { ...((account.settings as Record<string, unknown> | null) ?? {}), ...settings };
  return db.sandboxAccount.update({ where: { id: accountId }, data: { settings: merged as object } });
}

export function accountSetting<T>(account: SandboxAccount, key: string, fallback: T): T {
  const settings = (account.settings ?? {}) as Record<string, unknown>;
  return (settings[key] as T | undefined) ?? fallback;
}

/** The provider's seeded OAuth app (client id / secret from the sandbox definition). */
export async function ensureSandboxOAuthApp(sandbox: ProviderSandbox): Promise<SandboxOAuthApp | null> {
  const seed = sandbox.oauthApp;
  if (!seed) return null;
  const existing = await db.sandboxOAuthApp.findUnique({ where: { clientId: seed.clientId } });
  if (existing) return existing;
  try {
    return await db.sandboxOAuthApp.create({
      data: {
        provider: sandbox.slug,
        name: seed.name,
        clientId: seed.clientId,
        clientSecret: seed.clientSecret,
        appExternalId: seed.appExternalId,
        developerApiKey: seed.developerApiKey ?? null,
      },
    });
  } catch (err) {
    const again = await db.sandboxOAuthApp.findUnique({ where: { clientId: seed.clientId } });
    if (again) return again;
    throw err;
  }
}

/** The OAuth client a workspace's sandbox connections use for this provider. */
export async function workspaceOAuthClient(sandbox: ProviderSandbox, workspaceId: string): Promise<{ clientId: string; clientSecret: string } | null> {
  void workspaceId;
  const app = await ensureSandboxOAuthApp(sandbox);
  return app ? { clientId: app.clientId, clientSecret: app.clientSecret } : null;
}

export async function findSandboxOAuthApp(slug: string, clientId: string): Promise<SandboxOAuthApp | null> {
  const app = await db.sandboxOAuthApp.findUnique({ where: { clientId } });
  return app && app.provider === slug ? app : null;
}
