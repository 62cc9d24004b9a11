// One list of error codes for the whole product, one JSON shape: { error: { code, message, details? } }.
import { z } from "zod";

export const errorCodes = {
  VALIDATION_FAILED: 422,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  SLUG_TAKEN: 409,
  WEAK_PASSWORD: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INVALID_CREDENTIALS: 422,
  CONNECTION_FAILED: 502,
  CONFIG_SCHEMA_INVALID: 422,
  OAUTH_STATE_INVALID: 400,
  OAUTH_DENIED: 400,
  TOKEN_REFRESH_FAILED: 502,
  NEEDS_REAUTH: 409,
  PROVIDER_NOT_FOUND: 404,
  PROVIDER_VALIDATION: 422,
  PROVIDER_DUPLICATE: 409,
  PROVIDER_UNAVAILABLE: 503,
  PROVIDER_ERROR: 502,
  /** a listChanged checkpoint the provider can no longer resume from: run a full resync */
  CHECKPOINT_EXPIRED: 410,
  SSRF_BLOCKED: 422,
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_TIMESTAMP_EXPIRED: 401,
  SANDBOX_DISABLED: 404,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = options?.status ?? errorCodes[code];
  }

  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** A zod failure as a 422 that names each field. */
export function validationError(error: z.ZodError, message = "Some fields are invalid"): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return new AppError("VALIDATION_FAILED", message, { fields });
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Map anything thrown to the JSON error shape and status; unknown errors never leak their message. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof z.ZodError) err = validationError(err);
  if (err instanceof AppError) return Response.json(err.toJSON(), { status: err.status });
  console.error("[switchboard] unexpected error", err);
  return Response.json({ error: { code: "INTERNAL", message: "Something went wrong on our side." } } satisfies ErrorBody, {
    status: 500,
  });
}
