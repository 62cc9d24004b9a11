// Seeding: each workspace gets, the first time it needs them (the panel opens, or a sandbox connection is
// made), one account per provider with a few hundred realistic records and its OAuth app. Records are
// deterministic per (provider, account key) — every workspace's "default" account holds the same people —
// while ids and credentials are random (accounts.ts, oauth-apps.ts).
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { DEFAULT_ACCOUNT_KEY, newSandboxAccountData } from "@/lib/integrations/sandbox/accounts";
import { ensureWorkspaceOAuthApp } from "@/lib/integrations/sandbox/oauth-apps";
import { createRng } from "@/lib/integrations/sandbox/rng";
import type { ProviderSandbox, SandboxAccount } from "@/lib/integrations/sandbox/sandbox-types";
import { isUniqueViolation, secureRandom } from "@/lib/integrations/sandbox/secure-random";

const SEED_CHUNK = 1_000;

export type SeedOptions = {
  workspaceId: string;
  /** unique per workspace and provider; "default" is the account every workspace gets */
  key?: string;
  name?: string;
  /** records per object (default: each object's seedCount) */
  count?: number;
  now?: Date;
};

/**
 * The workspace's account `key` for this provider, created with its seeded records in one transaction
 * (so an account that exists is complete), or the existing one. Also ensures the workspace's OAuth app.
 */
export async function seedSandboxAccount(sandbox: ProviderSandbox, opts: SeedOptions): Promise<SandboxAccount> {
  const key = opts.key ?? DEFAULT_ACCOUNT_KEY;
  await ensureWorkspaceOAuthApp(sandbox, opts.workspaceId);
  const where = { workspaceId_provider_key: { workspaceId: opts.workspaceId, provider: sandbox.slug, key } };
  const existing = await db.sandboxAccount.findUnique({ where });
  if (existing) return existing;
  const now = opts.now ?? new Date();
  for (let attempt = 0; ; attempt++) {
    const { data } = await newSandboxAccountData(sandbox, { workspaceId: opts.workspaceId, key, ...(opts.name ? { name: opts.name } : {}) });
    try {
      return await db.$transaction(async (tx) => {
        let account = await tx.sandboxAccount.create({ data });
        let next = 1;
        for (const spec of sandbox.objects) {
          const count = opts.count ?? spec.seedCount;
          if (count <= 0) continue;
          const rng = createRng(`${sandbox.slug}:${key}:${spec.type}`);
          const first = next;
          next += count;
          const rows = Array.from({ length: count }, (_, index) => {
            const externalId = spec.newExternalId(account, first + index);
            const seeded = spec.seed({ rng, account, externalId, index, now });
            return { accountId: account.id, objectType: spec.type, externalId, data: seeded.data as object, createdAt: seeded.createdAt, updatedAt: seeded.updatedAt };
          });
          // Insert in (updatedAt) order so seq follows modification order, as a provider's ids would.
          rows.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
          // Bounded statements: one INSERT of 50,000 JSON rows is slow to build and to plan.
          for (let i = 0; i < rows.length; i += SEED_CHUNK) await tx.sandboxRecord.createMany({ data: rows.slice(i, i + SEED_CHUNK) });
        }
        account = await tx.sandboxAccount.update({ where: { id: account.id }, data: { seededAt: now, nextNumber: next } });
        return account;
        // a large seed (a benchmark's 50,000 contacts) outlives the default 5 s transaction timeout
      }, { timeout: 10 * 60_000, maxWait: 60_000 });
    } catch (err) {
      // A concurrent first use created it, or the random external id collided: read or retry.
      const again = await db.sandboxAccount.findUnique({ where });
      if (again) return again;
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

const inflight = new Map<string, Promise<void>>();

/**
 * Give a workspace its sandboxes (one seeded account per provider, plus OAuth apps) unless it has them:
 * one query when it does. `slugs` limits it to some providers (a connection needs only its own).
 */
export async function ensureWorkspaceSandboxes(workspaceId: string, slugs?: readonly string[]): Promise<void> {
  const { sandboxes } = await import("@/lib/integrations/sandbox/registry");
  const wanted = sandboxes.filter((s) => !slugs || slugs.includes(s.slug));
  const have = await db.sandboxAccount.findMany({
    where: { workspaceId, key: DEFAULT_ACCOUNT_KEY, provider: { in: wanted.map((s) => s.slug) } },
    select: { provider: true },
  });
  const missing = wanted.filter((s) => !have.some((h) => h.provider === s.slug));
  if (missing.length === 0) return;
  const flightKey = `${workspaceId}:${missing.map((s) => s.slug).join(",")}`;
  let running = inflight.get(flightKey);
  if (!running) {
    running = (async () => {
      for (const sandbox of missing) await seedSandboxAccount(sandbox, { workspaceId });
    })().finally(() => inflight.delete(flightKey));
    inflight.set(flightKey, running);
  }
  await running;
}

/** Another account of a provider for a workspace (to test several portals / locations), seeded like the first. */
export async function addSandboxAccount(input: { workspaceId: string; slug: string; name?: string }): Promise<SandboxAccount> {
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(input.slug);
  if (!sandbox) throw new AppError("NOT_FOUND", `No sandbox for ${input.slug}.`);
  const count = await db.sandboxAccount.count({ where: { workspaceId: input.workspaceId, provider: sandbox.slug } });
  if (count >= 10) throw new AppError("BAD_REQUEST", "A workspace can have at most 10 sandbox accounts per provider.");
  return seedSandboxAccount(sandbox, { workspaceId: input.workspaceId, key: `account-${secureRandom.hex(3)}`, ...(input.name ? { name: input.name } : {}) });
}
