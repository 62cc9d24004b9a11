// GoHighLevel error bodies are NestJS-style `{statusCode, message, error?}`; two 400s mean something
// other than bad input: a duplicate contact (the location disallows duplicates) and a missing id.
import type { FailureInput, FailureKind } from "@/lib/http/classify-error";

function messageOf(json: unknown): string {
  if (!json || typeof json !== "object") return "";
  const message = (json as { message?: unknown }).message;
  if (typeof message === "string") return message;
  if (Array.isArray(message)) return message.filter((m) => typeof m === "string").join("; ");
  return "";
}

export function classifyGhlError(input: FailureInput): FailureKind | undefined {
  if (input.status !== 400) return undefined;
  const message = messageOf(input.json);
  if (/does not allow duplicated contacts/i.test(message)) return "duplicate";
  if (/not found/i.test(message)) return "not_found";
  return undefined;
}
