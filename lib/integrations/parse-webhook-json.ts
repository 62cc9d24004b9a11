import { AppError } from "@/lib/errors/app-error";

/** A webhook body as JSON, or VALIDATION_FAILED naming the provider: the one JSON edge of every parser. */
export function parseWebhookJson(rawBody: string, provider: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    throw new AppError("VALIDATION_FAILED", `The ${provider} webhook body is not JSON.`);
  }
}
