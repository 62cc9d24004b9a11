// What a server action returns to its form when the domain refused: the message, the error code and the
// field messages. Anything that is not a house error is rethrown (Next shows its error page; nothing leaks).
import { z } from "zod";
import { isAppError, validationError } from "@/lib/errors/app-error";

export type ActionError = { error: string; code: string; fields: Record<string, string> };

export function actionError(err: unknown): ActionError {
  if (err instanceof z.ZodError) err = validationError(err);
  if (isAppError(err)) return { error: err.message, code: err.code, fields: (err.details?.fields as Record<string, string> | undefined) ?? {} };
  throw err;
}
