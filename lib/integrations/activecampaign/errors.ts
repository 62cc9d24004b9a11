// ActiveCampaign failures beyond the status-based default: a 422 whose errors carry code "duplicate"
// is a duplicate (e-mail taken), and a 503 is what AC has been seen to answer when throttling.
import type { FailureInput, FailureKind } from "@/lib/http/classify-error";

export function classifyActiveCampaignError(input: FailureInput): FailureKind | undefined {
  if (input.status === 422) {
    const errors = (input.json as { errors?: { code?: unknown }[] } | undefined)?.errors;
    if (Array.isArray(errors) && errors.some((e) => e?.code === "duplicate")) return "duplicate";
  }
  if (input.status === 503 && /throttl|too many/i.test(input.text)) return "rate_limited";
  return undefined;
}
