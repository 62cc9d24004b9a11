// Where outbound webhooks may go: public addresses only (the SSRF guard), plus the origins an operator
// lists in OUTBOUND_WEBHOOK_ALLOWED_ORIGINS (a receiver on this machine in development and e2e).
import { env } from "@/lib/env";
import type { SsrfPolicy } from "@/lib/http/ssrf-guard";

export function outboundSsrfPolicy(): SsrfPolicy {
  return { allowedOrigins: env().OUTBOUND_WEBHOOK_ALLOWED_ORIGINS };
}
