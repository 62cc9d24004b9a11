// Sandbox accounts of a workspace (a fake portal / org / location per provider) and their fault settings.
// Identity and credentials are random per account (node:crypto); the API key is sealed with the workspace
// data key and looked up by its sha256 hash. Records are seeded deterministically (seed.ts).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { openSecret, sealSecret, type SealScope } from "@/lib/crypto/seal-secret";
import type { ProviderSandbox, SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import { createRng } from "@/lib/integrations/sandbox/rng";
import { credentialHash, isUniqueViolation, secureRandom } from "@/lib/integrations/sandbox/secure-random";

export const DEFAULT_ACCOUNT_KEY = "default";

function accountScope(workspaceId: string, accountId: string): SealScope {
  return { workspaceId, ownerId: accountId, purpose: "sandbox_secret" };
}

/** A fresh API key: the provider slug for recognisability, then 32 random bytes. */
export function newSandboxApiKey(slug: string): string {
  return `sbx_${slug.replace(/-/g, "")}_${secureRandom.base64url(32)}`;
}

/** The row to insert for a new account (not yet written); externalId and API key are random. */
export async function newSandboxAccountData(
  sandbox: ProviderSandbox,
  input: { workspaceId: string; key: string; name?: string },
): Promise<{ data: { id: string; workspaceId: string; provider: string; key: string; name: string; externalId: string; apiKeyHash: string; apiKeySealed: string }; apiKey: string }> {
  const id = randomUUID();
  const identity = sandbox.newAccount({ key: input.key, rng: createRng(secureRandom.hex(16)) });
  const apiKey = newSandboxApiKey(sandbox.slug);
  return {
    apiKey,
    data: {
      id,
      workspaceId: input.workspaceId,
      provider: sandbox.slug,
      key: input.key,
      name: input.name?.trim() || identity.name,
      externalId: identity.externalId,
      apiKeyHash: credentialHash(apiKey),
      apiKeySealed: await sealSecret(accountScope(input.workspaceId, id), apiKey),
    },
  };
}

/** Get or create (unseeded) an account of a workspace. Seeded accounts come from seed.ts. */
export async function ensureSandboxAccount(sandbox: ProviderSandbox, workspaceId: string, key: string = DEFAULT_ACCOUNT_KEY): Promise<SandboxAccount> {
  const where = { workspaceId_provider_key: { workspaceId, provider: sandbox.slug, key } };
  const existing = await db.sandboxAccount.findUnique({ where });
  if (existing) return existing;
  for (let attempt = 0; ; attempt++) {
    const { data } = await newSandboxAccountData(sandbox, { workspaceId, key });
    try {
      return await db.sandboxAccount.create({ data });
    } catch (err) {
      // Lost a race with a concurrent first use (the row exists now), or a random external id collided.
      const again = await db.sandboxAccount.findUnique({ where });
      if (again) return again;
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

/** The account's API key in clear (for members of its workspace only: the panel and tests). */
export async function openSandboxApiKey(account: Pick<SandboxAccount, "id" | "workspaceId" | "apiKeySealed">): Promise<string> {
  return String(await openSecret(accountScope(account.workspaceId, account.id), account.apiKeySealed));
}

export async function getSandboxAccount(id: string): Promise<SandboxAccount | null> {
  return db.sandboxAccount.findUnique({ where: { id } });
}

/** An account of this workspace, or null (another workspace's id reads as missing). */
export async function getWorkspaceSandboxAccount(workspaceId: string, id: string): Promise<SandboxAccount | null> {
  return db.sandboxAccount.findFirst({ where: { id, workspaceId } });
}

export async function findSandboxAccountByApiKey(slug: string, apiKey: string): Promise<SandboxAccount | null> {
  if (!apiKey) return null;
  const account = await db.sandboxAccount.findUnique({ where: { apiKeyHash: credentialHash(apiKey) } });
  return account && account.provider === slug ? account : null;
}

export async function listSandboxAccounts(workspaceId: string, slug?: string): Promise<SandboxAccount[]> {
  return db.sandboxAccount.findMany({
    where: { workspaceId, ...(slug ? { provider: slug } : {}) },
    orderBy: [{ provider: "asc" }, { createdAt: "asc" }],
  });
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
