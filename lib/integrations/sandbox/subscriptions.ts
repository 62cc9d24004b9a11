// Webhook targets of sandbox accounts (per account) and OAuth apps (app-level). A target's secret (a
// signing secret such as Loops' whsec_…, a basic-auth password) is sealed with the data key of the
// workspace the account or app belongs to, and opened only to sign deliveries and to redact them.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { openSecret, sealSecret, type SealScope } from "@/lib/crypto/seal-secret";
import type { SandboxWebhookSubscription, SandboxWebhookSubscriptionRow } from "@/lib/integrations/sandbox/sandbox-types";

async function workspaceOf(input: { accountId: string | null; appId: string | null }): Promise<string> {
  if (input.accountId) {
    const a = await db.sandboxAccount.findUnique({ where: { id: input.accountId }, select: { workspaceId: true } });
    if (a) return a.workspaceId;
  } else if (input.appId) {
    const app = await db.sandboxOAuthApp.findUnique({ where: { id: input.appId }, select: { workspaceId: true } });
    if (app) return app.workspaceId;
  }
  throw new AppError("NOT_FOUND", "A webhook target needs an existing sandbox account or app.");
}

const scope = (workspaceId: string, id: string): SealScope => ({ workspaceId, ownerId: id, purpose: "sandbox_secret" });

/** The subscription with its secret opened. */
export async function openSubscription(row: SandboxWebhookSubscriptionRow): Promise<SandboxWebhookSubscription> {
  const { secretSealed, ...rest } = row;
  const secret = secretSealed ? String(await openSecret(scope(await workspaceOf(row), row.id), secretSealed)) : null;
  return { ...rest, secret };
}

/** Register a webhook target for an account (the panel, tests, and sandboxes whose provider has no registration API). */
export async function createSandboxSubscription(input: {
  provider: string;
  accountId?: string | null;
  appId?: string | null;
  url: string;
  secret?: string | null;
  events?: string[];
  settings?: Record<string, unknown>;
}): Promise<SandboxWebhookSubscription> {
  const id = randomUUID();
  const owner = { accountId: input.accountId ?? null, appId: input.appId ?? null };
  const secret = input.secret ?? null;
  const row = await db.sandboxWebhookSubscription.create({
    data: {
      id,
      provider: input.provider,
      ...owner,
      url: input.url,
      secretSealed: secret ? await sealSecret(scope(await workspaceOf(owner), id), secret) : null,
      events: input.events ?? [],
      settings: (input.settings ?? {}) as object,
    },
  });
  const { secretSealed: _sealed, ...rest } = row;
  return { ...rest, secret };
}
