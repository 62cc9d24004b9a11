// A signed request that carries a timestamp is signed once per delivery attempt: providers re-sign when
// they retry. The same signed request arriving again (same body, same signature and timestamp headers)
// is therefore a replay by someone who captured it, refused with 401 even inside the timestamp window.
// Schemes without a timestamp (URL secret, Basic auth, signatures over the body only) cannot tell a
// retry from a replay; for them the inbox de-duplication makes a repeat harmless (one effect).
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";

/** Kept longer than any provider's timestamp window. */
const GUARD_MS = 24 * 60 * 60 * 1000;

const SIGNED_HEADER = /signature|timestamp|^webhook-id$/i;

/** The request's fingerprint when it is a timestamped signed request, else null (no replay guard applies). */
export function replayFingerprint(connectionId: string, headers: Headers, rawBody: string): string | null {
  const signed = [...headers.entries()].filter(([k]) => SIGNED_HEADER.test(k)).sort(([a], [b]) => a.localeCompare(b));
  if (!signed.some(([k]) => /timestamp/i.test(k))) return null;
  const h = createHash("sha256").update(connectionId).update("\n");
  for (const [k, v] of signed) h.update(`${k.toLowerCase()}:${v}\n`);
  return h.update(rawBody).digest("hex");
}

/** Until when a fingerprint claimed now is kept. */
export function replayGuardUntil(now: Date): Date {
  return new Date(now.getTime() + GUARD_MS);
}

/** Records the fingerprint; false when it was already there (a replay). */
export async function claimFingerprint(fingerprint: string, now: Date): Promise<boolean> {
  const expiresAt = replayGuardUntil(now);
  const inserted =
    await db.$executeRaw`INSERT INTO webhook_replay_guard (fingerprint, expires_at) VALUES (${fingerprint}, ${expiresAt}) ON CONFLICT (fingerprint) DO NOTHING`;
  return inserted === 1;
}

export async function pruneReplayGuard(now = new Date()): Promise<number> {
  const res = await db.webhookReplayGuard.deleteMany({ where: { expiresAt: { lt: now } } });
  return res.count;
}
