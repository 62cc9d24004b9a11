// The public API's error responses: the house shape { error: { code, message, details?, retry_after? } }
// with the request id header; unknown errors never leak their message.
import { z } from "zod";
import { AppError, validationError } from "@/lib/errors/app-error";

export function apiErrorBody(err: unknown): { status: number; body: { error: { code: string; message: string; details?: Record<string, unknown>; retry_after?: number } } } {
  if (err instanceof z.ZodError) err = validationError(err);
  if (err instanceof AppError) {
    const { retryAfterSeconds, ...details } = err.details ?? {};
    const retryAfter = typeof retryAfterSeconds === "number" ? retryAfterSeconds : undefined;
    return {
      status: err.status,
      body: {
        error: {
          code: err.code,
          message: err.message,
          ...(Object.keys(details).length > 0 ? { details } : {}),
          ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}),
        },
      },
    };
  }
  console.error("[switchboard] unexpected API error", err);
  return { status: 500, body: { error: { code: "INTERNAL", message: "Something went wrong on our side." } } };
}
