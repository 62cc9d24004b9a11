// What a sync step does when the provider fails, by class (lib/sync/sync-error-class.ts): rate limited ->
// the function sleeps until the provider's Retry-After (or its live rate-limit window) has passed and
// tries again, without spending a retry; authentication -> stop (the connection is marked needs_reauth);
// anything else -> thrown, so the job runner retries the step with backoff (honouring a Retry-After).
import { NonRetriableError, RetryAfterError } from "inngest";
import { isAppError } from "@/lib/errors/app-error";
import { retryAfterMs, syncErrorClass } from "@/lib/sync/sync-error-class";

/** Rate-limit waits one run takes before a rate limit counts as a failure (retried with backoff). */
export const MAX_RATE_LIMIT_WAITS = 48;

export type RateLimitWait = { rateLimitedForMs: number };

export function isRateLimitWait(v: unknown): v is RateLimitWait {
  return typeof v === "object" && v !== null && "rateLimitedForMs" in v;
}

/** Inside a step's catch: a wait to sleep for (returned as the step's result), or the error to throw. */
export function waitOrThrow(err: unknown, waitsSoFar: number): RateLimitWait {
  const message = err instanceof Error ? err.message : String(err);
  if (syncErrorClass(err) === "auth") throw new NonRetriableError(message, { cause: err });
  const wait = retryAfterMs(err);
  const rateLimited = isAppError(err) && (err.code === "RATE_LIMITED" || err.details?.kind === "rate_limited");
  if (rateLimited && wait && waitsSoFar < MAX_RATE_LIMIT_WAITS) return { rateLimitedForMs: wait };
  if (wait) throw new RetryAfterError(message, wait, { cause: err });
  throw err;
}
