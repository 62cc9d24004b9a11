// Custom REST webhooks: an HMAC over the raw body (optionally with a timestamp), as the template
// configures it, then the payload read through the template's paths.
import { createHash, createHmac } from "node:crypto";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { WebhookHandlerV1, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import type { HubWebhookEvent } from "@/lib/records/hub-contact";
import { getPath } from "./json-path";
import { fromCustomRest, toIso } from "./map";
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

export function parseCustomRestWebhook(template: CustomRestTemplate, rawBody: string): HubWebhookEvent[] {
  const settings = template.webhook;
  if (!settings) return [];
  const body = parseWebhookJson(rawBody, "Custom REST");
  const type = getPath(body, settings.eventTypePath);
  if (typeof type !== "string") {
    throw new AppError("VALIDATION_FAILED", `The webhook body has no event type at "${settings.eventTypePath}".`);
  }
  const action = (["created", "updated", "deleted"] as const).find((a) => settings.eventTypes[a].includes(type));
  if (!action) return [];
  const record = getPath(body, settings.recordPath);
  let remote;
  try {
    remote = fromCustomRest(template, record);
  } catch {
    throw new AppError("VALIDATION_FAILED", `The webhook body has no record with an id at "${settings.recordPath}.${template.idField}".`);
  }
  const rawId = settings.eventIdPath ? getPath(body, settings.eventIdPath) : undefined;
  const eventId =
    typeof rawId === "string" || typeof rawId === "number"
      ? String(rawId)
      : `${type}:${remote.externalId}:${createHash("sha256").update(rawBody).digest("hex").slice(0, 24)}`;
  return [
    {
      providerEventId: eventId,
      object: "contact",
      action,
      externalId: remote.externalId,
      occurredAt: remote.remoteUpdatedAt ?? toIso(getPath(body, "timestamp")),
      ...(action === "deleted" ? {} : { fields: remote.fields }),
      raw: body,
    },
  ];
}

/** The template lives in the connection's config (`config.template`). */
export function templateFromConfig(config: Record<string, unknown> | undefined): CustomRestTemplate {
  return assertCustomRestTemplate(config?.["template"]);
}

export const customRestWebhook: WebhookHandlerV1 = {
  verify(input: WebhookVerifyInput): WebhookVerifyResult {
    const secret = input.credentials["webhookSecret"];
    try {
      if (typeof secret !== "string" || secret === "") {
        throw new AppError("WEBHOOK_SIGNATURE_INVALID", "No webhook signing secret is configured for this connection.");
      }
      verifyCustomRestWebhook(templateFromConfig(input.config), input, secret, input.now.getTime());
      return { ok: true };
    } catch (err) {
      if (isAppError(err) && (err.code === "WEBHOOK_SIGNATURE_INVALID" || err.code === "WEBHOOK_TIMESTAMP_EXPIRED")) return { ok: false, error: err };
      return { ok: false, error: new AppError("WEBHOOK_SIGNATURE_INVALID", "The webhook could not be verified with this connection's template.") };
    }
  },
  parse: (rawBody, context) => parseCustomRestWebhook(templateFromConfig(context?.config), rawBody),
};
