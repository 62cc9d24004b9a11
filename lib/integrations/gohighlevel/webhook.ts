// GoHighLevel webhooks: asymmetric signatures over the raw body (no shared secret), then the flat
// `type`-discriminated payload into changes of contacts, opportunities and appointments.
//  - `X-GHL-Signature`: base64 Ed25519 over the raw JSON body (current scheme).
//  - `X-WH-Signature`: base64 RSASSA-PKCS1-v1_5 / SHA-256 over the raw body (legacy; GHL stops sending it
//    on 2026-07-01). OAuth app webhooks may carry both; the Ed25519 one wins when present.
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { WebhookAction, WebhookChange, WebhookEvent, WebhookHandler, WebhookParseInput, WebhookVerifyInput, WebhookVerifyResult } from "@/lib/integrations/types";
import {
  APPOINTMENT_UPDATED_KEYS,
  OPPORTUNITY_STATUS_FIELD,
  OPPORTUNITY_UPDATED_KEYS,
  ghlAppointmentSchema,
  ghlContactSchema,
  ghlContactToRaw,
  ghlFlatToRaw,
  isOpportunityStatus,
} from "@/lib/integrations/gohighlevel/map";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

/** GHL's published Ed25519 webhook key (marketplace docs, "Webhook Integration Guide"). */
export const GHL_ED25519_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----
`;

/** GHL's published 4096-bit RSA key for the legacy `x-wh-signature` (docs/oauth/WebhookAuthentication.md). */
export const GHL_RSA_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----
`;

export type GhlWebhookKeys = {
  /** PEM (SPKI) or KeyObject; defaults to GHL's published key. The sandbox injects its own. */
  ed25519PublicKey?: string | KeyObject;
  rsaPublicKey?: string | KeyObject;
};

/** GHL recommends rejecting a body `timestamp` older than about five minutes. */
export const GHL_REPLAY_WINDOW_MS = 5 * 60 * 1000;

export const ghlWebhookEnvelopeSchema = z
  .object({
    type: z.string(),
    locationId: z.string().optional(),
    webhookId: z.string().optional(),
    timestamp: z.string().optional(),
  })
  .loose();
export type GhlWebhookEnvelope = z.infer<typeof ghlWebhookEnvelopeSchema>;

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

const keyCache = new Map<string, KeyObject>();
function toKey(key: string | KeyObject): KeyObject {
  if (typeof key !== "string") return key;
  let cached = keyCache.get(key);
  if (!cached) {
    cached = createPublicKey(key);
    keyCache.set(key, cached);
  }
  return cached;
}

function signatureBytes(value: string): Buffer | null {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  return Buffer.from(trimmed, "base64");
}

export type GhlVerifyInput = {
  rawBody: string | Buffer;
  headers: HeaderBag;
  keys?: GhlWebhookKeys;
  now?: Date;
  replayWindowMs?: number;
};

export type GhlVerifiedWebhook = {
  scheme: "ed25519" | "rsa-sha256";
  payload: GhlWebhookEnvelope;
};

/**
 * Verifies the signature over the exact bytes received (never a re-serialisation), then checks the
 * body `timestamp` when GHL sent one. Throws WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_EXPIRED.
 */
export function verifyGhlWebhook(input: GhlVerifyInput): GhlVerifiedWebhook {
  const body = typeof input.rawBody === "string" ? Buffer.from(input.rawBody, "utf8") : input.rawBody;
  const ghlSignature = header(input.headers, "x-ghl-signature");
  const whSignature = header(input.headers, "x-wh-signature");

  let scheme: GhlVerifiedWebhook["scheme"];
  let ok = false;
  if (ghlSignature) {
    scheme = "ed25519";
    const sig = signatureBytes(ghlSignature);
    const key = toKey(input.keys?.ed25519PublicKey ?? GHL_ED25519_PUBLIC_KEY_PEM);
    ok = sig !== null && safeVerify(() => verify(null, body, key, sig));
  } else if (whSignature) {
    scheme = "rsa-sha256";
    const sig = signatureBytes(whSignature);
    const key = toKey(input.keys?.rsaPublicKey ?? GHL_RSA_PUBLIC_KEY_PEM);
    ok = sig !== null && safeVerify(() => verify("sha256", body, key, sig));
  } else {
    throw new AppError("WEBHOOK_SIGNATURE_INVALID", "Missing X-GHL-Signature / X-WH-Signature header");
  }
  if (!ok) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "GoHighLevel webhook signature does not verify", { scheme });

  const json = parseWebhookJson(body.toString("utf8"), "GoHighLevel");
  const parsed = ghlWebhookEnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", "GoHighLevel webhook body has no `type`");

  if (parsed.data.timestamp !== undefined) {
    const sentAt = Date.parse(parsed.data.timestamp);
    const now = (input.now ?? new Date()).getTime();
    const window = input.replayWindowMs ?? GHL_REPLAY_WINDOW_MS;
    if (Number.isNaN(sentAt) || Math.abs(now - sentAt) > window) {
      throw new AppError("WEBHOOK_TIMESTAMP_EXPIRED", "GoHighLevel webhook timestamp is outside the replay window");
    }
  }
  return { scheme, payload: parsed.data };
}

function safeVerify(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    // a malformed signature (wrong length for the key) is a failed verification, not a crash
    return false;
  }
}

const contactActions: Record<string, WebhookAction> = {
  ContactCreate: "created",
  ContactUpdate: "updated",
  ContactDelete: "deleted",
  ContactTagUpdate: "updated",
  ContactDndUpdate: "updated",
};
const appointmentActions: Record<string, WebhookAction> = {
  AppointmentCreate: "created",
  AppointmentUpdate: "updated",
  AppointmentDelete: "deleted",
};
const opportunityActions: Record<string, WebhookAction> = {
  OpportunityCreate: "created",
  OpportunityUpdate: "updated",
  OpportunityDelete: "deleted",
  OpportunityStatusUpdate: "updated",
  OpportunityStageUpdate: "updated",
  OpportunityAssignedToUpdate: "updated",
  OpportunityMonetaryValueUpdate: "updated",
};

/** Keys of the delivery envelope, not of the record. */
const ENVELOPE_KEYS = new Set(["type", "webhookId", "timestamp", "appId", "versionId"]);

const opportunityEventSchema = z.object({ id: z.string(), status: z.string().nullish(), contactId: z.string().nullish() }).loose();
const appointmentEventSchema = z.object({ appointment: ghlAppointmentSchema }).loose();

/**
 * A stable id for de-duplication: GHL's `webhookId` when sent, else a hash of the payload (the same
 * delivery retried carries the same body).
 */
function eventId(payload: GhlWebhookEnvelope): string {
  if (payload.webhookId) return payload.webhookId;
  return `sha256:${createHash("sha256").update(JSON.stringify(payload)).digest("hex")}`;
}

function recordOf(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !ENVELOPE_KEYS.has(k)));
}

/**
 * Contact, appointment and opportunity events -> changes (other event types are ignored). Contact and
 * opportunity payloads are the whole record, so each change carries it. An opportunity's status is the
 * contact's lead status: a status-carrying opportunity event is also a change of that contact's
 * virtual `opportunityStatus` field.
 */
export function parseGhlWebhook(payload: GhlWebhookEnvelope): WebhookChange[] {
  const type = payload.type;
  const providerEventId = eventId(payload);

  const contactAction = contactActions[type];
  if (contactAction) {
    const contact = ghlContactSchema.safeParse(recordOf(payload));
    if (!contact.success) throw new AppError("VALIDATION_FAILED", `GoHighLevel ${type} payload has no contact id`);
    const record = ghlContactToRaw(contact.data);
    return [
      {
        providerEventId,
        object: "contacts",
        action: contactAction,
        externalId: contact.data.id,
        occurredAt: payload.timestamp ?? record.remoteUpdatedAt,
        ...(contactAction === "deleted" ? {} : { fields: record.fields, record }),
      },
    ];
  }

  const appointmentAction = appointmentActions[type];
  if (appointmentAction) {
    const parsed = appointmentEventSchema.safeParse(payload);
    if (!parsed.success) throw new AppError("VALIDATION_FAILED", `GoHighLevel ${type} payload has no appointment`);
    const record = ghlFlatToRaw(parsed.data.appointment, APPOINTMENT_UPDATED_KEYS);
    return [
      {
        providerEventId,
        object: "appointments",
        action: appointmentAction,
        externalId: record.externalId,
        occurredAt: payload.timestamp ?? record.remoteUpdatedAt,
        ...(appointmentAction === "deleted" ? {} : { fields: record.fields, record }),
      },
    ];
  }

  const opportunityAction = opportunityActions[type];
  if (opportunityAction) {
    const parsed = opportunityEventSchema.safeParse(recordOf(payload));
    if (!parsed.success) throw new AppError("VALIDATION_FAILED", `GoHighLevel ${type} payload has no opportunity id`);
    const record = ghlFlatToRaw(parsed.data, OPPORTUNITY_UPDATED_KEYS);
    const changes: WebhookChange[] = [
      {
        providerEventId,
        object: "opportunities",
        action: opportunityAction,
        externalId: parsed.data.id,
        occurredAt: payload.timestamp ?? null,
        ...(opportunityAction === "deleted" ? {} : { fields: record.fields, record }),
      },
    ];
    const carriesStatus = type === "OpportunityStatusUpdate" || type === "OpportunityCreate";
    if (carriesStatus && isOpportunityStatus(parsed.data.status) && parsed.data.contactId) {
      changes.push({
        providerEventId: `${providerEventId}:contact`,
        object: "contacts",
        action: "updated",
        externalId: parsed.data.contactId,
        occurredAt: payload.timestamp ?? null,
        fields: { [OPPORTUNITY_STATUS_FIELD]: parsed.data.status },
      });
    }
    return changes;
  }
  return [];
}

/** InboundMessage / OutboundMessage (marketplace docs, webhook/InboundMessage): a message, not a record. */
const messageEventSchema = z
  .object({
    type: z.enum(["InboundMessage", "OutboundMessage"]),
    locationId: z.string().optional(),
    messageId: z.string().optional(),
    conversationId: z.string().optional(),
    contactId: z.string().optional(),
    userId: z.string().optional(),
    messageType: z.string().optional(),
    direction: z.string().optional(),
    status: z.string().optional(),
    body: z.string().optional(),
    contentType: z.string().optional(),
    attachments: z.array(z.unknown()).optional(),
    dateAdded: z.string().optional(),
    timestamp: z.string().optional(),
    webhookId: z.string().optional(),
  })
  .loose();

/** The message events of a delivery: message.inbound / message.outbound with the message's facts. */
export function ghlWebhookEvents(payload: unknown): WebhookEvent[] {
  const parsed = messageEventSchema.safeParse(payload);
  if (!parsed.success) return [];
  const m = parsed.data;
  const inbound = m.type === "InboundMessage";
  const occurredAt = m.dateAdded ?? m.timestamp ?? null;
  return [
    {
      providerEventId: m.webhookId ?? (m.messageId ? `message:${m.messageId}` : eventId(m as GhlWebhookEnvelope)),
      type: inbound ? "message.inbound" : "message.outbound",
      occurredAt,
      contactExternalId: m.contactId ?? null,
      data: {
        message_id: m.messageId ?? null,
        conversation_id: m.conversationId ?? null,
        contact_external_id: m.contactId ?? null,
        user_id: m.userId ?? null,
        channel: m.messageType ?? null,
        direction: m.direction ?? (inbound ? "inbound" : "outbound"),
        status: m.status ?? null,
        body: m.body ?? null,
        content_type: m.contentType ?? null,
        attachments: (m.attachments ?? []).filter((a): a is string => typeof a === "string"),
        sent_at: occurredAt,
      },
    },
  ];
}

/**
 * GHL signs with its own published keys; a sandbox connection's deliveries are signed with the
 * workspace's sandbox keys, used only when the input says the connection is a sandbox one (never for
 * live connections).
 */
export const gohighlevelWebhook: WebhookHandler = {
  async verify(input: WebhookVerifyInput): Promise<WebhookVerifyResult> {
    try {
      let keys: GhlVerifyInput["keys"] | undefined;
      if (input.environment === "sandbox") {
        // The workspace's sandbox key pair, handed in by the receiver; without it nothing verifies.
        const ed25519PublicKey = input.sandboxPublicKeys?.ed25519;
        const rsaPublicKey = input.sandboxPublicKeys?.rsa;
        if (!ed25519PublicKey && !rsaPublicKey) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "No sandbox webhook keys for this connection");
        keys = { ...(ed25519PublicKey ? { ed25519PublicKey } : {}), ...(rsaPublicKey ? { rsaPublicKey } : {}) };
      }
      verifyGhlWebhook({ rawBody: input.rawBody, headers: input.headers, now: input.now, ...(keys ? { keys } : {}) });
      return { ok: true };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err };
      throw err;
    }
  },
  async parse(input: WebhookParseInput): Promise<WebhookChange[]> {
    const json = parseWebhookJson(input.rawBody, "GoHighLevel");
    const envelope = ghlWebhookEnvelopeSchema.safeParse(json);
    if (!envelope.success) throw new AppError("VALIDATION_FAILED", "GoHighLevel webhook body has no `type`");
    return parseGhlWebhook(envelope.data);
  },
  events({ rawBody }): WebhookEvent[] {
    return ghlWebhookEvents(parseWebhookJson(rawBody, "GoHighLevel"));
  },
  // app-level webhooks: one URL for every installed location; the location id is the account id
  routingKey({ rawBody }): string | null {
    try {
      const parsed = z.object({ locationId: z.string().min(1) }).loose().safeParse(JSON.parse(rawBody));
      return parsed.success ? parsed.data.locationId : null;
    } catch {
      return null;
    }
  },
};
