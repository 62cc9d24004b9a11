// Custom REST webhooks: an HMAC over the raw body (optionally with a timestamp), as the template
// configures it, then the payload read through the template's paths.
import { createHash, createHmac } from "node:crypto";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { RawRecord } from "@/lib/integrations/object-contract";
import type { WebhookChange, WebhookHandler, WebhookVerifyResult } from "@/lib/integrations/types";
import { getPath } from "@/lib/integrations/custom-rest/json-path";
import { customRestToRaw, toIso } from "@/lib/integrations/custom-rest/map";
import type { CustomRestConfig, CustomRestCredentials } from "@/lib/integrations/custom-rest/settings";
import { assertCustomRestTemplate, type CustomRestTemplate, type CustomRestWebhookSettings } from "./template";
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

export type IncomingWebhook = { rawBody: string; headers: Headers };

/** The header value a sender following these settings puts on a delivery. */
export function signCustomRestPayload(
  settings: CustomRestWebhookSettings["signature"],
  secret: string,
  rawBody: string,
  timestamp?: string,
): string {
  const payload = settings.signedPayload.replaceAll("{timestamp}", timestamp ?? "").replaceAll("{body}", rawBody);
  const digest = createHmac(settings.algorithm, secret).update(payload).digest(settings.encoding);
  return `${settings.prefix}${digest}`;
}

function parseTimestamp(raw: string): number | null {
  if (!/^\d+$/.test(raw.trim())) {
    const d = Date.parse(raw);
    return Number.isNaN(d) ? null : d;
  }
  const n = Number(raw);
  return n < 1e12 ? n * 1000 : n;
}

export function verifyCustomRestWebhook(
  template: CustomRestTemplate,
  req: IncomingWebhook,
  secret: string,
  now: number = Date.now(),
): void {
  const settings = template.webhook?.signature;
  if (!settings) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "This template does not accept webhooks (no webhook settings).");
  const given = req.headers.get(settings.header);
  if (!given) throw new AppError("WEBHOOK_SIGNATURE_INVALID", `The ${settings.header} header is missing.`);
  let timestamp: string | undefined;
  if (settings.timestampHeader) {
    timestamp = req.headers.get(settings.timestampHeader) ?? undefined;
    const at = timestamp === undefined ? null : parseTimestamp(timestamp);
    if (at === null) throw new AppError("WEBHOOK_SIGNATURE_INVALID", `The ${settings.timestampHeader} header is missing or not a time.`);
    if (Math.abs(now - at) > settings.toleranceSeconds * 1000) {
      throw new AppError("WEBHOOK_TIMESTAMP_EXPIRED", `The webhook timestamp is more than ${settings.toleranceSeconds} s from now.`);
    }
  }
  const expected = signCustomRestPayload(settings, secret, req.rawBody, timestamp);
  // hex digests are case-insensitive; base64 ones are not
  const norm = (s: string) => (settings.encoding === "hex" ? s.trim().toLowerCase() : s.trim());
  if (!secret || !constantTimeEqual(norm(given), norm(expected))) {
    throw new AppError("WEBHOOK_SIGNATURE_INVALID", "The webhook signature does not match.");
  }
}

/** A verified delivery -> changes, read through the template's webhook paths (no I/O). */
export function parseCustomRestEvents(template: CustomRestTemplate, rawBody: string): WebhookChange[] {
  const settings = template.webhook;
  if (!settings) return [];
  const body = parseWebhookJson(rawBody, "Custom REST");
  const type = getPath(body, settings.eventTypePath);
  if (typeof type !== "string") {
    throw new AppError("VALIDATION_FAILED", `The webhook body has no event type at "${settings.eventTypePath}".`);
  }
  const action = (["created", "updated", "deleted"] as const).find((a) => settings.eventTypes[a].includes(type));
  if (!action) return [];
  let record: RawRecord;
  try {
    record = customRestToRaw(template, getPath(body, settings.recordPath));
  } catch {
    throw new AppError("VALIDATION_FAILED", `The webhook body has no record with an id at "${settings.recordPath}.${template.idField}".`);
  }
  const rawId = settings.eventIdPath ? getPath(body, settings.eventIdPath) : undefined;
  const eventId =
    typeof rawId === "string" || typeof rawId === "number"
      ? String(rawId)
      : `${type}:${record.externalId}:${createHash("sha256").update(rawBody).digest("hex").slice(0, 24)}`;
  return [
    {
      providerEventId: eventId,
      object: "contacts",
      action,
      externalId: record.externalId,
      occurredAt: record.remoteUpdatedAt ?? toIso(getPath(body, "timestamp")),
      ...(action === "deleted" ? {} : { fields: record.fields, record }),
    },
  ];
}

export const customRestWebhook: WebhookHandler<CustomRestConfig, CustomRestCredentials> = {
  verify(input): WebhookVerifyResult {
    const secret = input.credentials.webhookSecret;
    try {
      if (typeof secret !== "string" || secret === "") {
        throw new AppError("WEBHOOK_SIGNATURE_INVALID", "No webhook signing secret is configured for this connection.");
      }
      verifyCustomRestWebhook(assertCustomRestTemplate(input.config.template), input, secret, input.now.getTime());
      return { ok: true };
    } catch (err) {
      if (isAppError(err) && (err.code === "WEBHOOK_SIGNATURE_INVALID" || err.code === "WEBHOOK_TIMESTAMP_EXPIRED")) return { ok: false, error: err };
      return { ok: false, error: new AppError("WEBHOOK_SIGNATURE_INVALID", "The webhook could not be verified with this connection's template.") };
    }
  },
  parse: async (input) => parseCustomRestEvents(assertCustomRestTemplate(input.config.template), input.rawBody),
};
