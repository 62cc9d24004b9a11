// Classification of a provider's HTTP failure into the house error codes, so the job layer can decide
// whether to retry (transient, rate limited), re-authenticate (auth) or give up (validation, fatal).
import type { ErrorCode } from "@/lib/errors/app-error";

export const failureKinds = [
  "auth",
  "validation",
  "not_found",
  "duplicate",
  "rate_limited",
  "transient",
  "fatal",
] as const;
export type FailureKind = (typeof failureKinds)[number];

export const codeForKind: Record<FailureKind, ErrorCode> = {
  auth: "INVALID_CREDENTIALS",
  validation: "PROVIDER_VALIDATION",
  not_found: "PROVIDER_NOT_FOUND",
  duplicate: "PROVIDER_DUPLICATE",
  rate_limited: "RATE_LIMITED",
  transient: "PROVIDER_UNAVAILABLE",
  fatal: "PROVIDER_ERROR",
};

/** Whether a job should try again later (after the rate-limit budget allows). */
export function isRetryable(kind: FailureKind): boolean {
  return kind === "rate_limited" || kind === "transient";
}

export type FailureInput = {
  status: number;
  headers: Headers;
  /** the raw response text */
  text: string;
  /** the body parsed as JSON when it is JSON, else undefined */
  json: unknown;
};

/**
 * A provider-specific classifier runs first (e.g. Salesforce answers 403 REQUEST_LIMIT_EXCEEDED for
 * rate limits, GoHighLevel 400 "does not allow duplicated contacts"); return undefined to fall back to
 * the status-based default.
 */
export type ProviderClassifier = (input: FailureInput) => FailureKind | undefined;

export function classifyStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404 || status === 410) return "not_found";
  if (status === 409) return "duplicate";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 425 || status === 500 || status === 502 || status === 503 || status === 504)
    return "transient";
  if (status >= 500) return "transient";
  if (status === 400 || status === 422 || status === 413 || status === 414 || status === 415) return "validation";
  return "fatal";
}

export function classifyFailure(input: FailureInput, provider?: ProviderClassifier): FailureKind {
  return provider?.(input) ?? classifyStatus(input.status);
}
