// Pipedrive webhooks carry no signature: the only check is the HTTP Basic credentials set on the
// webhook (`http_auth_user` / `http_auth_password`) when it was registered. Payloads come in the v2
// shape (default since 2025-03-17) or the legacy v1 shape; both become changes of persons carrying the
// person as a raw record (without org_name: payloads name only org_id).
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { RawRecord } from "@/lib/integrations/object-contract";
import type { WebhookAction, WebhookChange, WebhookHandler, WebhookVerifyResult } from "@/lib/integrations/types";
import { isCustomFieldKey, pipedrivePersonSchema, pipedrivePersonToRaw } from "@/lib/integrations/pipedrive/map";
import { constantTimeEqual } from "@/lib/crypto/constant-time-equal";
import { parseWebhookJson } from "@/lib/integrations/parse-webhook-json";

export type PipedriveWebhookCredentials = { user: string; password: string };

/** The Basic-auth user Switchboard sets on the webhooks it registers; the password is the connection secret. */
export const PIPEDRIVE_WEBHOOK_USER = "switchboard";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

export function basicAuthHeader(credentials: PipedriveWebhookCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, "utf8").toString("base64")}`;
}

/** Throws WEBHOOK_SIGNATURE_INVALID unless `Authorization: Basic` carries exactly these credentials. */
export function verifyPipedriveWebhook(input: { headers: HeaderBag; credentials: PipedriveWebhookCredentials }): void {
  const { user, password } = input.credentials;
  if (!user || !password) {
    throw new AppError("WEBHOOK_SIGNATURE_INVALID", "This Pipedrive connection has no webhook credentials");
  }
  const value = header(input.headers, "authorization");
  const match = value ? /^Basic\s+(\S+)\s*$/i.exec(value) : null;
  if (!match?.[1]) throw new AppError("WEBHOOK_SIGNATURE_INVALID", "Missing HTTP Basic credentials on Pipedrive webhook");
  const received = Buffer.from(match[1], "base64").toString("utf8");
  if (!constantTimeEqual(received, `${user}:${password}`)) {
    throw new AppError("WEBHOOK_SIGNATURE_INVALID", "Pipedrive webhook credentials do not match");
  }
}

const v2MetaSchema = z
  .object({
    action: z.string(),
    entity: z.string(),
    id: z.string(),
    entity_id: z.union([z.string(), z.number()]).optional(),
    timestamp: z.string().nullish(),
    version: z.literal("2.0"),
    merged_to_id: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();

export const pipedriveWebhookV2Schema = z
  .object({ meta: v2MetaSchema, data: z.unknown().nullish(), previous: z.unknown().nullish() })
  .loose();

const v1MetaSchema = z
  .object({
    action: z.string(),
    object: z.string(),
    id: z.union([z.string(), z.number()]),
    timestamp: z.union([z.number(), z.string()]).nullish(),
  })
  .loose();

export const pipedriveWebhookV1Schema = z
  .object({
    v: z.literal(1).optional(),
    event: z.string().optional(),
    meta: v1MetaSchema,
    current: z.unknown().nullish(),
    previous: z.unknown().nullish(),
  })
  .loose();

const v2Actions: Record<string, WebhookAction> = { create: "created", change: "updated", delete: "deleted" };
const v1Actions: Record<string, WebhookAction> = { added: "created", updated: "updated", deleted: "deleted", merged: "merged" };

function recordFrom(data: unknown): RawRecord | undefined {
  const person = pipedrivePersonSchema.safeParse(data);
  return person.success ? pipedrivePersonToRaw(person.data) : undefined;
}

const idOrObject = z.union([z.number(), z.object({ value: z.number() }).loose(), z.object({ id: z.number() }).loose()]).nullish();
const contactPoints = z.array(z.object({ value: z.string(), primary: z.boolean().nullish(), label: z.string().nullish() }).loose()).nullish();
const v1PersonSchema = z
  .object({ id: z.number(), email: contactPoints, phone: contactPoints, owner_id: idOrObject, org_id: idOrObject, org_name: z.string().nullish(), label: z.number().nullish() })
  .loose();

function idOf(v: z.infer<typeof idOrObject>): number | null | undefined {
  if (v === null || v === undefined || typeof v === "number") return v;
  const id = "value" in v ? v.value : v.id;
  return typeof id === "number" ? id : null;
}

/** v1 person bodies use `email`/`phone`, object-valued ids and top-level custom field keys: into the v2 shape. */
function recordFromV1(current: unknown): RawRecord | undefined {
  const parsed = v1PersonSchema.safeParse(current);
  if (!parsed.success) return undefined;
  const { email, phone, label, org_name: orgName, owner_id: ownerId, org_id: orgId, ...rest } = parsed.data;
  const custom = Object.fromEntries(Object.entries(rest).filter(([k]) => isCustomFieldKey(k)));
  const own = Object.fromEntries(Object.entries(rest).filter(([k]) => !isCustomFieldKey(k) && k !== "active_flag"));
  const person = pipedrivePersonSchema.safeParse({
    ...own,
    emails: (email ?? []).filter((e) => e.value !== ""),
    phones: (phone ?? []).filter((e) => e.value !== ""),
    owner_id: idOf(ownerId),
    org_id: idOf(orgId),
    label_ids: label === null || label === undefined ? [] : [label],
    custom_fields: custom,
  });
  if (!person.success) return undefined;
  return pipedrivePersonToRaw(person.data, orgName !== undefined ? { orgName } : {});
}

function v1Time(ts: number | string | null | undefined): string | null {
  if (ts === null || ts === undefined) return null;
  if (typeof ts === "number") return new Date(ts * 1000).toISOString();
  const n = Number(ts);
  if (!Number.isNaN(n)) return new Date(n * 1000).toISOString();
  const parsed = Date.parse(ts);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** Person events become changes of persons; other entities are ignored (Switchboard syncs persons only). */
export function parsePipedriveWebhook(payload: unknown): WebhookChange[] {
  const v2 = pipedriveWebhookV2Schema.safeParse(payload);
  if (v2.success) {
    const { meta, data, previous } = v2.data;
    if (meta.entity !== "person") return [];
    let action = v2Actions[meta.action];
    if (!action) return [];
    const mergedInto = meta.merged_to_id === null || meta.merged_to_id === undefined ? null : String(meta.merged_to_id);
    if (action === "deleted" && mergedInto) action = "merged";
    const externalId = String(meta.entity_id ?? (data as { id?: unknown } | null)?.id ?? (previous as { id?: unknown } | null)?.id ?? "");
    if (externalId === "") throw new AppError("VALIDATION_FAILED", "Pipedrive webhook names no person id");
    const record = action === "deleted" || action === "merged" ? undefined : recordFrom(data);
    return [
      {
        providerEventId: meta.id,
        object: "persons",
        action,
        externalId,
        occurredAt: meta.timestamp ?? null,
        ...(record ? { fields: record.fields, record } : {}),
        ...(action === "merged" && mergedInto ? { mergedIntoExternalId: mergedInto } : {}),
      },
    ];
  }

  const v1 = pipedriveWebhookV1Schema.safeParse(payload);
  if (v1.success) {
    const { meta, current } = v1.data;
    if (meta.object !== "person") return [];
    const action = v1Actions[meta.action];
    if (!action) return [];
    // v1 has no delivery id; retries differ only in `retry`, so hash the body without it
    const { retry: _retry, ...stable } = v1.data as Record<string, unknown>;
    const providerEventId = `v1:${createHash("sha256").update(JSON.stringify(stable)).digest("hex")}`;
    const record = action === "deleted" || action === "merged" ? undefined : recordFromV1(current);
    return [
      {
        providerEventId,
        object: "persons",
        action,
        externalId: String(meta.id),
        occurredAt: v1Time(meta.timestamp),
        ...(record ? { fields: record.fields, record } : {}),
      },
    ];
  }
  throw new AppError("VALIDATION_FAILED", "Unrecognised Pipedrive webhook payload");
}

export const pipedriveWebhook: WebhookHandler = {
  verify(input): WebhookVerifyResult {
    try {
      verifyPipedriveWebhook({ headers: input.headers, credentials: { user: PIPEDRIVE_WEBHOOK_USER, password: input.connectionSecret ?? "" } });
      return { ok: true };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err };
      throw err;
    }
  },
  // Payloads name the organisation only by org_id: with a client, the persons are read back (one batch
  // read) so the changes carry the whole record, org_name included.
  async parse({ rawBody, client }) {
    const changes = parsePipedriveWebhook(parseWebhookJson(rawBody, "Pipedrive"));
    const persons = client?.objects["persons"];
    const ids = [...new Set(changes.filter((c) => c.record).map((c) => c.externalId))];
    if (!persons?.getMany || ids.length === 0) return changes;
    const records = new Map((await persons.getMany(ids)).map((r) => [r.externalId, r]));
    return changes.map((c) => {
      const record = c.record ? records.get(c.externalId) : undefined;
      return record ? { ...c, fields: record.fields, record } : c;
    });
  },
};
