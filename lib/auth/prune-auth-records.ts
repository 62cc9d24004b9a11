// Daily pruning of sign-in and mail rows that are dead weight once expired, revoked or used: sessions,
// one-time e-mail tokens, OAuth states, the sandboxes' auth codes and tokens, and the local mailbox (rows
// and the operator's .eml files) after MAILBOX_RETENTION_DAYS. Called by inngest/functions/prune-job-history.
// A grace period keeps a just-expired row around for a day, so "this link has expired" stays a precise answer
// instead of "unknown link" for a while. Deletes go in bounded batches so a large backlog never holds one
// long transaction.
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db/client";
import { dataDir } from "@/lib/env";

export const AUTH_GRACE_MS = 24 * 60 * 60 * 1000;
export const MAILBOX_RETENTION_DAYS = 30;
const BATCH = 1000;

export type PrunedAuthRecords = {
  sessions: number;
  authTokens: number;
  oauthStates: number;
  sandboxAuthCodes: number;
  sandboxTokens: number;
  mail: number;
  mailFiles: number;
};

/** Deletes up to BATCH rows at a time with the ids `pick` returns, until none is left. */
async function inBatches(pick: () => Promise<{ id: string }[]>, remove: (ids: string[]) => Promise<{ count: number }>): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = (await pick()).map((r) => r.id);
    if (ids.length === 0) return total;
    total += (await remove(ids)).count;
    if (ids.length < BATCH) return total;
  }
}

export async function pruneAuthRecords(now: Date = new Date()): Promise<PrunedAuthRecords> {
  const before = new Date(now.getTime() - AUTH_GRACE_MS);
  const mailBefore = new Date(now.getTime() - MAILBOX_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const ids = { select: { id: true }, take: BATCH } as const;

  // sessions and sandbox tokens: dead once expired or revoked
  const endedWhere = { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }] };
  const sessions = await inBatches(
    () => db.userSession.findMany({ where: endedWhere, ...ids }),
    (id) => db.userSession.deleteMany({ where: { id: { in: id } } }),
  );
  const tokensWhere = { OR: [{ expiresAt: { lt: before } }, { usedAt: { lt: before } }] };
  const authTokens = await inBatches(
    () => db.authToken.findMany({ where: tokensWhere, ...ids }),
    (id) => db.authToken.deleteMany({ where: { id: { in: id } } }),
  );
  const oauthStates = await inBatches(
    () => db.oAuthState.findMany({ where: { expiresAt: { lt: before } }, ...ids }),
    (id) => db.oAuthState.deleteMany({ where: { id: { in: id } } }),
  );
  const sandboxAuthCodes = await inBatches(
    () => db.sandboxAuthCode.findMany({ where: { expiresAt: { lt: before } }, ...ids }),
    (id) => db.sandboxAuthCode.deleteMany({ where: { id: { in: id } } }),
  );
  const sandboxTokens = await inBatches(
    () => db.sandboxToken.findMany({ where: endedWhere, ...ids }),
    (id) => db.sandboxToken.deleteMany({ where: { id: { in: id } } }),
  );
  const mail = await inBatches(
    () => db.mailMessage.findMany({ where: { createdAt: { lt: mailBefore } }, ...ids }),
    (id) => db.mailMessage.deleteMany({ where: { id: { in: id } } }),
  );
  return { sessions, authTokens, oauthStates, sandboxAuthCodes, sandboxTokens, mail, mailFiles: pruneMailFiles(mailBefore) };
}

/** The operator's copies: `<ISO time with - for : and .>-<id>.eml`, older than the cutoff. */
function pruneMailFiles(before: Date): number {
  const dir = path.join(dataDir(), "mailbox");
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const cutoff = before.toISOString().replace(/[:.]/g, "-");
  let removed = 0;
  for (const name of names) {
    // the 24-character stamp sorts like the time it names
    if (!name.endsWith(".eml") || name.length < 25 || name.slice(0, 24) >= cutoff) continue;
    rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
