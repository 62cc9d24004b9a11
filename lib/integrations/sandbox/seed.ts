// Seeding: every provider sandbox gets a "default" account with a few hundred deterministic records and
// its OAuth app. ensureSandboxSeeded() runs at start-up: idempotent, one query when already seeded.
import { db } from "@/lib/db/client";
import { sandboxEnabled } from "@/lib/env";
import {
  allocateNumbers,
  DEFAULT_ACCOUNT_KEY,
  ensureSandboxAccount,
  ensureSandboxOAuthApp,
} from "@/lib/integrations/sandbox/accounts";
import { createRng } from "@/lib/integrations/sandbox/rng";
import type { ProviderSandbox, SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";

/** Create (once) an account with `count` records per object (default: each object's seedCount). */
export async function seedSandboxAccount(
  sandbox: ProviderSandbox,
  key: string = DEFAULT_ACCOUNT_KEY,
  opts: { count?: number; now?: Date } = {},
): Promise<SandboxAccount> {
  await ensureSandboxOAuthApp(sandbox);
  let account = await ensureSandboxAccount(sandbox, key);
  if (account.seededAt) return account;
  const now = opts.now ?? new Date();
  for (const spec of sandbox.objects) {
    const count = opts.count ?? spec.seedCount;
    if (count <= 0) continue;
    const rng = createRng(`${sandbox.slug}:${key}:${spec.type}`);
    const first = await allocateNumbers(account.id, count);
    const rows = Array.from({ length: count }, (_, index) => {
      const externalId = spec.newExternalId(account, first + index);
      const { data, createdAt, updatedAt } = spec.seed({ rng, account, externalId, index, now });
      return { accountId: account.id, objectType: spec.type, externalId, data: data as object, createdAt, updatedAt };
    });
    // Insert in (updatedAt) order so seq follows modification order, as a provider's ids would.
    rows.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
    await db.sandboxRecord.createMany({ data: rows, skipDuplicates: true });
  }
  account = await db.sandboxAccount.update({ where: { id: account.id }, data: { seededAt: now } });
  return account;
}

/**
 * Seed every provider's default sandbox account. Call at start-up (after migrations) when the server
 * runs; does nothing when sandboxes are disabled, and one count query when already seeded.
 */
export async function ensureSandboxSeeded(): Promise<void> {
  if (!sandboxEnabled()) return;
  const { sandboxes: withSandbox } = await import("@/lib/integrations/sandbox/registry");
  const seeded = await db.sandboxAccount.count({
    where: { key: DEFAULT_ACCOUNT_KEY, seededAt: { not: null }, provider: { in: withSandbox.map((p) => p.slug) } },
  });
  if (seeded === withSandbox.length) return;
  for (const sandbox of withSandbox) await seedSandboxAccount(sandbox);
}
