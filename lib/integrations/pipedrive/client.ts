// Pipedrive persons as raw records over API v2 (v1 only where v2 has nothing: users/me, webhooks and
// recents). Every call goes through ctx.request (the definition's auth header: x-api-token or Bearer).
// There is no upsert (search by e-mail, then create or update) and no batch write; batch read is the v2
// list's `ids` filter. Incremental pulls use updated_since (whole seconds, inclusive) sorted by
// update_time; deletions come from the v1 recents listing (a deleted person shows active_flag false).
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import { chunk, type ChangedPage, type DeletedRecord, type FieldDescription, type FieldMap, type ObjectApi, type RawRecord } from "@/lib/integrations/object-contract";
import { decodeOpaque, encodeOpaque } from "@/lib/integrations/opaque-token";
import type { ConnectionContext, ProviderClient, VerifiedAccount } from "@/lib/integrations/types";
import {
  EMAIL,
  PIPEDRIVE_VIRTUAL_FIELDS,
  fieldsToPipedrive,
  newPipedriveField,
  pipedriveFieldSchema,
  pipedriveFieldToDescription,
  pipedrivePersonSchema,
  pipedrivePersonToRaw,
  unknownPersonKeys,
  type PipedrivePerson,
} from "@/lib/integrations/pipedrive/map";
import type { PipedriveConfig, PipedriveCredentials } from "@/lib/integrations/pipedrive/settings";
import { PIPEDRIVE_WEBHOOK_USER } from "@/lib/integrations/pipedrive/webhook";

export const PIPEDRIVE_PAGE_MAX = 500;
/** `ids` on the v2 list: "up to 100 entity ids". */
export const PIPEDRIVE_IDS_MAX = 100;
/** Deleted persons are purged after 30 days: older deletions cannot be listed. */
export const PIPEDRIVE_DELETED_RETENTION_MS = 30 * 86_400_000;

const PROVIDER = { provider: "pipedrive" };

const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, additional_data: z.object({ next_cursor: z.string().nullish() }).loose().nullish() }).loose();

const personEnvelope = envelope(pipedrivePersonSchema);
const personListEnvelope = envelope(z.array(pipedrivePersonSchema).nullable());
const searchEnvelope = envelope(
  z.object({ items: z.array(z.object({ result_score: z.number().optional(), item: z.object({ id: z.number() }).loose() }).loose()) }).loose(),
);
const orgSchema = z.object({ id: z.number(), name: z.string().nullish() }).loose();
const orgListEnvelope = envelope(z.array(orgSchema).nullable());
const orgEnvelope = envelope(orgSchema);
const fieldsEnvelope = envelope(z.array(pipedriveFieldSchema).nullable());
const fieldEnvelope = envelope(pipedriveFieldSchema);
const meEnvelope = envelope(
  z.object({ id: z.number(), name: z.string().nullish(), company_id: z.number(), company_name: z.string().nullish(), company_domain: z.string().nullish() }).loose(),
);
const webhookEnvelope = envelope(z.object({ id: z.number() }).loose());
const recentsEnvelope = z
  .object({
    success: z.literal(true),
    data: z.array(z.object({ item: z.string(), id: z.number(), data: z.object({ active_flag: z.boolean().optional(), update_time: z.string().nullish() }).loose().nullish() }).loose()).nullable(),
    additional_data: z
      .object({ last_timestamp_on_page: z.string().nullish(), pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().nullish() }).loose().nullish() })
      .loose()
      .nullish(),
  })
  .loose();

/** RFC 3339 without milliseconds: Pipedrive answers 400 to fractional seconds. Floors, so `>=` keeps every change. */
export function pipedriveTimestamp(iso: string | number): string {
  const t = typeof iso === "number" ? iso : Date.parse(iso);
  if (Number.isNaN(t)) throw new AppError("VALIDATION_FAILED", `Not a date: ${iso}`, PROVIDER);
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** recents' `since_timestamp`: "YYYY-MM-DD HH:MM:SS" in UTC. */
function recentsTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");
}

// ---------------------------------------------------------------------------------------------------
// The listChanged checkpoint: where the pass stands and since when deletions are reported

const checkpointSchema = z.object({
  v: z.literal(1),
  phase: z.enum(["items", "deleted"]),
  /** updated_since (epoch ms, whole seconds) of the items query; null = from the beginning */
  since: z.number().nullable(),
  /** the v2 cursor within the items query */
  cursor: z.string().nullable(),
  /** update_time (ms) of the newest item returned this pass: the next pass's `since` */
  high: z.number().nullable(),
  /** deletions since this instant (ms) are reported */
  delSince: z.number(),
  /** recents paging start */
  delStart: z.number().int().min(0),
  /** when this pass started (null between passes); becomes the next delSince */
  passStart: z.number().nullable(),
  /** the first pass reports no deletions (nothing was synced before it) */
  firstPass: z.boolean(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

const encode = (c: Checkpoint): string => encodeOpaque(c);
const decode = (s: string): Checkpoint => decodeOpaque(checkpointSchema, s, { provider: "pipedrive", label: "Pipedrive", what: "checkpoint" });

export type PipedriveClient = ProviderClient & { objects: { persons: ObjectApi } };

const notFound = (err: unknown) => isAppError(err) && err.code === "PROVIDER_NOT_FOUND";

export function createPipedriveClient(ctx: ConnectionContext<PipedriveConfig, PipedriveCredentials>): PipedriveClient {
  const call = (req: HttpRequest): Promise<HttpResponse> => ctx.request(req);

  // ------------------------------------------------------------------------------------------------
  // Organisations: org_id <-> org_name

  const orgNames = new Map<number, string | null>();

  async function resolveOrgNames(ids: readonly number[]): Promise<void> {
    for (const part of chunk([...new Set(ids)].filter((id) => !orgNames.has(id)), PIPEDRIVE_IDS_MAX)) {
      const res = await call({ url: "/api/v2/organizations", query: { ids: part.join(","), limit: PIPEDRIVE_IDS_MAX }, operation: "organizations.list" });
      const found = res.parse(orgListEnvelope).data ?? [];
      for (const id of part) orgNames.set(id, found.find((o) => o.id === id)?.name ?? null);
    }
  }

  async function toRaw(persons: readonly PipedrivePerson[]): Promise<RawRecord[]> {
    await resolveOrgNames(persons.flatMap((p) => (typeof p.org_id === "number" ? [p.org_id] : [])));
    return persons.map((p) => pipedrivePersonToRaw(p, typeof p.org_id === "number" && orgNames.has(p.org_id) ? { orgName: orgNames.get(p.org_id) ?? null } : {}));
  }

  /** The organisation with exactly this name, created when there is none. */
  async function orgIdFor(name: unknown): Promise<number | null> {
    if (typeof name !== "string" || name.trim() === "") return null;
    const term = name.trim();
    const res = await call({ url: "/api/v2/organizations/search", query: { term, fields: "name", exact_match: true, limit: 1 }, operation: "organizations.search" });
    const hit = res.parse(searchEnvelope).data.items[0];
    if (hit) {
      orgNames.set(hit.item.id, term);
      return hit.item.id;
    }
    const created = (await call({ method: "POST", url: "/api/v2/organizations", json: { name: term }, operation: "organizations.create" })).parse(orgEnvelope).data;
    orgNames.set(created.id, created.name ?? term);
    return created.id;
  }

  // ------------------------------------------------------------------------------------------------
  // Persons

  async function getPerson(id: string): Promise<PipedrivePerson | null> {
    if (!/^\d+$/.test(id)) return null;
    try {
      const res = await call({ url: `/api/v2/persons/${id}`, query: { include_fields: "marketing_status" }, operation: "persons.get" });
      const person = res.parse(personEnvelope).data;
      // soft-deleted persons stay readable (is_deleted) for 30 days
      return person.is_deleted ? null : person;
    } catch (err) {
      if (notFound(err)) return null;
      throw err;
    }
  }

  async function findIdByEmail(email: string): Promise<number | null> {
    const res = await call({ url: "/api/v2/persons/search", query: { term: email.trim().toLowerCase(), fields: "email", exact_match: true, limit: 1 }, operation: "persons.search" });
    return res.parse(searchEnvelope).data.items[0]?.item.id ?? null;
  }

  async function write(existing: PipedrivePerson | null, fields: FieldMap): Promise<RawRecord> {
    const unknown = unknownPersonKeys(fields);
    if (unknown.length) throw new AppError("PROVIDER_VALIDATION", `Pipedrive persons have no field ${unknown.join(", ")}.`, { ...PROVIDER, fields: unknown });
    const { body, orgName } = fieldsToPipedrive(fields, existing);
    if (orgName !== undefined) body["org_id"] = await orgIdFor(orgName);
    let res: HttpResponse;
    if (existing) {
      res = await call({ method: "PATCH", url: `/api/v2/persons/${existing.id}`, json: body, operation: "persons.update" });
    } else {
      // Pipedrive requires a name; fall back to the e-mail as its own UI does
      const email = typeof fields[EMAIL] === "string" ? fields[EMAIL] : null;
      res = await call({ method: "POST", url: "/api/v2/persons", json: { ...body, name: body["name"] ?? email ?? "(no name)" }, operation: "persons.create" });
    }
    const [raw] = await toRaw([res.parse(personEnvelope).data]);
    return raw!;
  }

  async function listPersons(query: Record<string, string | number | undefined>) {
    const res = await call({ url: "/api/v2/persons", query: { include_fields: "marketing_status", ...query }, operation: "persons.list" });
    const parsed = res.parse(personListEnvelope);
    return { persons: parsed.data ?? [], nextCursor: parsed.additional_data?.next_cursor ?? null };
  }

  const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? PIPEDRIVE_PAGE_MAX, 1), PIPEDRIVE_PAGE_MAX);

  async function listChanged({ checkpoint, limit }: { checkpoint: string | null; limit?: number }): Promise<ChangedPage> {
    const now = ctx.now().getTime();
    let c: Checkpoint = checkpoint
      ? decode(checkpoint)
      : { v: 1, phase: "items", since: null, cursor: null, high: null, delSince: now, delStart: 0, passStart: null, firstPass: true };
    if (!c.firstPass && c.delSince < now - PIPEDRIVE_DELETED_RETENTION_MS) {
      throw new AppError("CHECKPOINT_EXPIRED", "The Pipedrive checkpoint is older than the 30 days Pipedrive keeps deleted persons; run a full resync.", PROVIDER);
    }
    c = { ...c, passStart: c.passStart ?? now };
    const expiresAt = (cp: Checkpoint) => new Date(cp.delSince + PIPEDRIVE_DELETED_RETENTION_MS).toISOString();
    /** the state between passes: the next items query starts at the newest update_time seen (inclusive) */
    const endOfPass = (cp: Checkpoint): Checkpoint => ({
      ...cp, phase: "items", since: cp.high ?? cp.since, cursor: null, delSince: cp.passStart ?? now, delStart: 0, passStart: null, firstPass: false,
    });

    if (c.phase === "items") {
      const { persons, nextCursor } = await listPersons({
        sort_by: "update_time",
        sort_direction: "asc",
        limit: pageSize(limit),
        ...(c.since !== null ? { updated_since: pipedriveTimestamp(c.since) } : {}),
        ...(c.cursor ? { cursor: c.cursor } : {}),
      });
      const items = await toRaw(persons);
      const high = items.reduce<number | null>((m, r) => {
        const t = r.remoteUpdatedAt ? Date.parse(r.remoteUpdatedAt) : NaN;
        return Number.isNaN(t) ? m : Math.max(m ?? t, t);
      }, c.high);
      const next: Checkpoint = { ...c, high, cursor: nextCursor };
      if (nextCursor) return { items, deleted: [], checkpoint: encode(next), hasMore: true, checkpointExpiresAt: expiresAt(next) };
      if (next.firstPass) {
        const end = endOfPass(next);
        return { items, deleted: [], checkpoint: encode(end), hasMore: false, checkpointExpiresAt: expiresAt(end) };
      }
      const del: Checkpoint = { ...next, phase: "deleted", delStart: 0 };
      return { items, deleted: [], checkpoint: encode(del), hasMore: true, checkpointExpiresAt: expiresAt(del) };
    }

    // Deletions: the recents listing since delSince, persons whose active_flag turned false.
    const res = await call({
      url: "/api/v1/recents",
      query: { since_timestamp: recentsTimestamp(c.delSince), items: "person", start: c.delStart, limit: PIPEDRIVE_PAGE_MAX },
      operation: "recents.list",
    });
    const body = res.parse(recentsEnvelope);
    const deleted: DeletedRecord[] = (body.data ?? [])
      .filter((r) => r.item === "person" && r.data?.active_flag === false)
      .map((r) => ({ externalId: String(r.id), deletedAt: isoOrNull(r.data?.update_time) }));
    const pagination = body.additional_data?.pagination;
    if (pagination?.more_items_in_collection && typeof pagination.next_start === "number") {
      const more: Checkpoint = { ...c, delStart: pagination.next_start };
      return { items: [], deleted, checkpoint: encode(more), hasMore: true, checkpointExpiresAt: expiresAt(more) };
    }
    const end = endOfPass(c);
    return { items: [], deleted, checkpoint: encode(end), hasMore: false, checkpointExpiresAt: expiresAt(end) };
  }

  const persons: ObjectApi = {
    async get(id) {
      const person = await getPerson(id);
      return person ? (await toRaw([person]))[0]! : null;
    },

    async getMany(ids) {
      const out: RawRecord[] = [];
      for (const part of chunk(ids.filter((id) => /^\d+$/.test(id)), PIPEDRIVE_IDS_MAX)) {
        const { persons: found } = await listPersons({ ids: part.join(","), limit: PIPEDRIVE_IDS_MAX });
        out.push(...(await toRaw(found)));
      }
      return out;
    },

    async listAll({ cursor, limit }) {
      const { persons: found, nextCursor } = await listPersons({ sort_by: "id", sort_direction: "asc", limit: pageSize(limit), ...(cursor ? { cursor } : {}) });
      return { items: await toRaw(found), nextCursor };
    },

    listChanged,

    create: (fields) => write(null, fields),

    async update(id, fields) {
      const existing = await getPerson(id);
      if (!existing) throw new AppError("PROVIDER_NOT_FOUND", `Pipedrive has no person ${id}.`, { ...PROVIDER, kind: "not_found" });
      return write(existing, fields);
    },

    // No upsert endpoint: an exact e-mail search, then create or update (not atomic).
    async upsert(fields) {
      const email = fields[EMAIL];
      if (typeof email !== "string" || email.trim() === "") {
        throw new AppError("PROVIDER_VALIDATION", "A Pipedrive upsert needs the e-mail address it matches on.", { ...PROVIDER, field: EMAIL });
      }
      const id = await findIdByEmail(email);
      const existing = id === null ? null : await getPerson(String(id));
      return { record: await write(existing, fields), created: existing === null };
    },

    async delete(id) {
      if (!/^\d+$/.test(id)) return;
      try {
        await call({ method: "DELETE", url: `/api/v2/persons/${id}`, operation: "persons.delete" });
      } catch (err) {
        if (!notFound(err)) throw err;
      }
    },

    async describeFields(): Promise<FieldDescription[]> {
      const out: FieldDescription[] = [];
      let cursor: string | null = null;
      do {
        const res = await call({ url: "/api/v2/personFields", query: { limit: PIPEDRIVE_PAGE_MAX, ...(cursor ? { cursor } : {}) }, operation: "personFields.list" });
        const body = res.parse(fieldsEnvelope);
        out.push(...(body.data ?? []).map(pipedriveFieldToDescription));
        cursor = body.additional_data?.next_cursor ?? null;
      } while (cursor);
      const keys = new Set(out.map((f) => f.key));
      return [...out, ...PIPEDRIVE_VIRTUAL_FIELDS.filter((f) => !keys.has(f.key))];
    },

    async createField(input) {
      const res = await call({ method: "POST", url: "/api/v2/personFields", json: newPipedriveField(input), operation: "personFields.create" });
      return pipedriveFieldToDescription(res.parse(fieldEnvelope).data);
    },
  };

  return {
    objects: { persons },
    async verifyCredentials(): Promise<VerifiedAccount> {
      const res = await call({ url: "/api/v1/users/me", operation: "verify" });
      const me = res.parse(meEnvelope).data;
      return {
        accountId: String(me.company_id),
        ...(me.company_name ? { accountName: me.company_name } : {}),
        metadata: { companyId: String(me.company_id), userId: String(me.id), ...(me.company_domain ? { companyDomain: me.company_domain } : {}) },
      };
    },
    webhooks: {
      async register({ targetUrl, secret }) {
        const res = await call({
          method: "POST",
          url: "/api/v1/webhooks",
          json: {
            subscription_url: targetUrl,
            event_action: "*",
            event_object: "person",
            name: "Switchboard",
            http_auth_user: PIPEDRIVE_WEBHOOK_USER,
            http_auth_password: secret,
            version: "2.0",
          },
          operation: "webhooks.create",
        });
        return { externalId: String(res.parse(webhookEnvelope).data.id) };
      },
      async unregister(externalId) {
        try {
          await call({ method: "DELETE", url: `/api/v1/webhooks/${encodeURIComponent(externalId)}`, operation: "webhooks.delete" });
        } catch (err) {
          if (!notFound(err)) throw err;
        }
      },
    },
  };
}

function isoOrNull(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(" ", "T")}Z` : v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
