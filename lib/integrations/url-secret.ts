// The "url-secret" webhook scheme (ActiveCampaign, KeyCRM, Salesforce Outbound Messages): providers that
// cannot sign deliveries call a URL holding a per-connection secret, compared in constant time.
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";
import { AppError } from "@/lib/errors/app-error";
import type { WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";

export const URL_SECRET_PARAM = "secret";

/** The target URL to register with the provider. */
export function withUrlSecret(targetUrl: string, secret: string): string {
  const url = new URL(targetUrl);
  url.searchParams.set(URL_SECRET_PARAM, secret);
  return url.toString();
}

export function verifyUrlSecret(input: Pick<WebhookVerifyInput, "url" | "connectionSecret">): WebhookVerifyResult {
  let given: string | null = null;
  try {
    given = new URL(input.url).searchParams.get(URL_SECRET_PARAM);
  } catch {
    given = null;
  }
  if (!given || !input.connectionSecret || !constantTimeEqual(given, input.connectionSecret)) {
    return { ok: false, error: new AppError("WEBHOOK_SIGNATURE_INVALID", "The webhook URL secret does not match this connection.") };
  }
  return { ok: true };
}
