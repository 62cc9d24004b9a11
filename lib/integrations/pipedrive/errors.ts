// Pipedrive failures beyond the status-based default: persistent 429 abuse on API tokens is answered
// with a Cloudflare HTML 403 (a rate limit, not bad credentials), and a 429 with no daily tokens left
// is the daily budget, still a rate limit.
import type { FailureInput, FailureKind } from "@/lib/http/classify-error";

export function classifyPipedriveError(input: FailureInput): FailureKind | undefined {
  if (input.status === 403 && input.json === undefined && /cloudflare/i.test(input.text)) return "rate_limited";
  return undefined;
}
