// Opaque cursors and checkpoints: a provider adapter's own state as base64url JSON, validated with zod
// on the way back in (anything else is BAD_REQUEST, naming the provider and what was wrong).
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

export function encodeOpaque(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** `what` names the token in the error ("page cursor", "checkpoint"). */
export function decodeOpaque<T>(schema: z.ZodType<T>, token: string, input: { provider: string; label: string; what: string }): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", `Invalid ${input.label} ${input.what}.`, { provider: input.provider });
  }
}
