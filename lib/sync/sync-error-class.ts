// How the engine treats a provider failure: per record (log it, skip the record, keep going), retry the
// step later (rate limited, transient), or stop and mark the connection (authentication).
import { isAppError } from "@/lib/errors/app-error";

export type SyncErrorClass = "record" | "retry" | "auth";

export function syncErrorClass(err: unknown): SyncErrorClass {
  if (!isAppError(err)) return "retry";
  const kind = typeof err.details?.kind === "string" ? err.details.kind : null;
  if (err.code === "RATE_LIMITED" || err.code === "PROVIDER_UNAVAILABLE" || kind === "rate_limited" || kind === "transient") return "retry";
  if (err.code === "INVALID_CREDENTIALS" || err.code === "NEEDS_REAUTH" || err.code === "TOKEN_REFRESH_FAILED" || kind === "auth") return "auth";
  return "record";
}

export function retryAfterMs(err: unknown): number | null {
  if (!isAppError(err)) return null;
  const v = err.details?.retryAfterMs;
  return typeof v === "number" && v > 0 ? v : null;
}

/**
 * Whether a failed write may still have been applied by the provider: its answer was lost (timeout, a
 * dropped connection) or it failed inside (5xx). A rate limit, an authentication or validation refusal,
 * or a connection that was never made means the provider did nothing.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (!isAppError(err)) return true;
  if (err.details?.networkError === "ECONNREFUSED") return false;
  return err.code === "PROVIDER_UNAVAILABLE" || err.details?.kind === "transient";
}
