// ActiveCampaign API v3 contacts as raw records. Every call goes through ctx.request (the `Api-Token`
// header comes from the definition's authHeader). Tags, custom field values and list memberships live in
// their own resources: a read assembles the contact from `GET /contacts/{id}` (which carries all three),
// a write is the contact call followed by the tag / list calls that reach the wanted state. Listing
// pages are enriched the same way (one read per contact: AC's list carries the contact object only).
// Batch upserts go through the Bulk Contact Importer (250 per request, asynchronous: the batch is
// followed with `GET /import/info` until it completes).
import { checkpointCodec } from "@/lib/integrations/checkpoint-codec";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import { chunk, type BatchItemResult, type ChangedPage, type FieldDescription, type FieldMap, type ObjectApi, type Page, type RawRecord } from "@/lib/integrations/object-contract";
import type { ConnectionContext, ProviderClient, VerifiedAccount } from "@/lib/integrations/types";
import {
  acContactListSchema,
  acContactSchema,
  acFieldOptionSchema,
  acFieldSchema,
  acFieldToDescription,
  acFieldValueSchema,
  acStandardFields,
  acToRaw,
  fieldsToAcWrite,
  newAcField,
  type AcContact,
  type AcField,
  type AcFieldOption,
  type AcWritePlan,
} from "@/lib/integrations/activecampaign/map";
import type { ActiveCampaignConfig, ActiveCampaignCredentials } from "@/lib/integrations/activecampaign/settings";
import { subscribedEvents } from "@/lib/integrations/activecampaign/webhook";
import { withUrlSecret } from "@/lib/integrations/url-secret";

export const AC_PAGE_MAX = 100;
/** The Bulk Contact Importer takes up to 250 contacts per request. */
export const AC_IMPORT_BATCH = 250;
/** How long a bulk import is followed before the batch is reported as not finished. */
const IMPORT_DEADLINE_MS = 120_000;

const meta = z.looseObject({ total: z.coerce.number() }).optional();
const contactTagSchema = z.looseObject({ id: z.coerce.string(), tag: z.coerce.string() });
const contactEnvelope = z.looseObject({
  contact: acContactSchema,
  fieldValues: z.array(acFieldValueSchema).optional(),
  contactTags: z.array(contactTagSchema).optional(),
  contactLists: z.array(acContactListSchema).optional(),
});
const contactList = z.looseObject({ contacts: z.array(acContactSchema), meta });
const tagSchema = z.looseObject({ id: z.coerce.string(), tag: z.string() });
const tagList = z.looseObject({ tags: z.array(tagSchema), meta });
const fieldList = z.looseObject({ fields: z.array(acFieldSchema), fieldOptions: z.array(acFieldOptionSchema).optional(), meta });
const contactTagList = z.looseObject({ contactTags: z.array(contactTagSchema) });
const userMe = z.looseObject({ user: z.looseObject({ id: z.coerce.string(), username: z.string().optional(), email: z.string().optional() }) });
const webhookEnvelope = z.looseObject({ webhook: z.looseObject({ id: z.coerce.string() }) });
const importQueued = z.looseObject({ success: z.coerce.number(), batchId: z.string() });
const importInfo = z.looseObject({
  status: z.union([z.string(), z.literal(false)]),
  success: z.array(z.coerce.string()).optional(),
  failure: z.array(z.string()).optional(),
});
const importRefused = z.looseObject({
  message: z.string().optional(),
  failureReasons: z.array(z.looseObject({ contact: z.coerce.number().optional(), failureReasons: z.array(z.string()).optional() })).optional(),
});

/** listChanged: contacts with udate >= lo (second precision), skipping the `skip` already returned at lo in this pass. */
const checkpointSchema = z.object({ v: z.literal(1), lo: z.number().int().min(0), skip: z.number().int().min(0) });
type Checkpoint = z.infer<typeof checkpointSchema>;
const { encode: encodeCheckpoint, decode: decodeCheckpoint } = checkpointCodec(checkpointSchema, { slug: "activecampaign", name: "ActiveCampaign" });

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const second = (iso: string | null) => (iso ? Math.floor(Date.parse(iso) / 1000) * 1000 : 0);
const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? AC_PAGE_MAX, 1), AC_PAGE_MAX);

/** The account part of `https://<account>.api-us1.com`. */
export function accountNameFromUrl(accountUrl: string): string {
  try {
    return new URL(accountUrl).hostname.split(".")[0] ?? accountUrl;
  } catch {
    return accountUrl;
  }
}

const RETHROWN = new Set(["RATE_LIMITED", "PROVIDER_UNAVAILABLE", "INVALID_CREDENTIALS"]);
/** An error that belongs to one input (validation, duplicate, not found), not to the whole run. */
const isItemError = (err: unknown): err is AppError => isAppError(err) && !RETHROWN.has(err.code);

export type ActiveCampaignClient = ProviderClient & { objects: { contacts: ObjectApi } };

export function createActiveCampaignClient(ctx: ConnectionContext<ActiveCampaignConfig, ActiveCampaignCredentials>): ActiveCampaignClient {
  const call = (req: HttpRequest): Promise<HttpResponse> => ctx.request(req);
  const listId = ctx.config.listId ? ctx.config.listId : null;

  // Definitions change rarely; one load per client (a client lives for one job run).
  let defs: Promise<{ fields: AcField[]; options: AcFieldOption[] }> | null = null;
  const fieldDefs = () => {
    defs ??= (async () => {
      const fields: AcField[] = [];
      const options: AcFieldOption[] = [];
      for (let offset = 0; ; offset += AC_PAGE_MAX) {
        const body = (await call({ url: "/fields", query: { limit: AC_PAGE_MAX, offset }, operation: "fields.list" })).parse(fieldList);
        fields.push(...body.fields);
        options.push(...(body.fieldOptions ?? []));
        if (body.fields.length < AC_PAGE_MAX || fields.length >= (body.meta?.total ?? 0)) return { fields, options };
      }
    })().catch((err: unknown) => {
      defs = null;
      throw err;
    });
    return defs;
  };

  type TagIndex = { byName: Map<string, string>; byId: Map<string, string> };
  let tagIndex: Promise<TagIndex> | null = null;
  const tags = () => {
    tagIndex ??= (async () => {
      const index: TagIndex = { byName: new Map(), byId: new Map() };
      for (let offset = 0; ; offset += AC_PAGE_MAX) {
        const body = (await call({ url: "/tags", query: { limit: AC_PAGE_MAX, offset }, operation: "tags.list" })).parse(tagList);
        for (const t of body.tags) {
          index.byName.set(t.tag.toLowerCase(), t.id);
          index.byId.set(t.id, t.tag);
        }
        if (body.tags.length < AC_PAGE_MAX || index.byId.size >= (body.meta?.total ?? 0)) return index;
      }
    })().catch((err: unknown) => {
      tagIndex = null;
      throw err;
    });
    return tagIndex;
  };

  async function get(id: string): Promise<RawRecord | null> {
    const res = await call({ url: `/contacts/${encodeURIComponent(id)}`, accept: [404], operation: "contacts.get" });
    if (res.status === 404) return null;
    const body = res.parse(contactEnvelope);
    const [{ fields }, index] = await Promise.all([fieldDefs(), tags()]);
    return acToRaw({
      contact: body.contact,
      fieldDefs: fields,
      fieldValues: body.fieldValues ?? [],
      tags: (body.contactTags ?? []).map((ct) => index.byId.get(ct.tag) ?? ct.tag),
      ...(listId ? { consentList: (body.contactLists ?? []).filter((l) => l.list === listId) } : {}),
    });
  }

  async function mustGet(id: string): Promise<RawRecord> {
    const record = await get(id);
    if (!record) throw new AppError("PROVIDER_NOT_FOUND", `ActiveCampaign contact ${id} vanished after a write.`, { provider: "activecampaign" });
    return record;
  }

  /** Listed contacts with their tags and custom fields (one read each; a contact deleted meanwhile is left out). */
  async function enrich(contacts: readonly AcContact[]): Promise<RawRecord[]> {
    const out: RawRecord[] = [];
    for (const c of contacts) {
      const record = await get(c.id);
      if (record) out.push(record);
    }
    return out;
  }

  async function findIdByEmail(email: string): Promise<string | null> {
    const body = (await call({ url: "/contacts", query: { email }, operation: "contacts.search" })).parse(contactList);
    return body.contacts.find((c) => c.email?.toLowerCase() === email.toLowerCase())?.id ?? null;
  }

  async function ensureTagId(name: string): Promise<string> {
    const index = await tags();
    const known = index.byName.get(name.toLowerCase());
    if (known) return known;
    const res = await call({ method: "POST", url: "/tags", json: { tag: { tag: name, tagType: "contact", description: "" } }, operation: "tags.create" });
    const created = res.parse(z.looseObject({ tag: tagSchema })).tag;
    index.byName.set(name.toLowerCase(), created.id);
    index.byId.set(created.id, created.tag);
    return created.id;
  }

  /** Make the contact's tags exactly `names` (case-insensitive): contactTags added and removed. */
  async function syncTags(contactId: string, names: readonly string[]): Promise<void> {
    const current = (await call({ url: `/contacts/${encodeURIComponent(contactId)}/contactTags`, operation: "contactTags.list" })).parse(contactTagList).contactTags;
    const wanted = new Set<string>();
    for (const name of names) wanted.add(await ensureTagId(name));
    const have = new Set(current.map((ct) => ct.tag));
    for (const tagId of wanted) {
      if (!have.has(tagId)) await call({ method: "POST", url: "/contactTags", json: { contactTag: { contact: contactId, tag: tagId } }, operation: "contactTags.add" });
    }
    for (const ct of current) {
      if (!wanted.has(ct.tag)) await call({ method: "DELETE", url: `/contactTags/${encodeURIComponent(ct.id)}`, accept: [404], operation: "contactTags.remove" });
    }
  }

  async function afterWrite(contactId: string, plan: AcWritePlan): Promise<RawRecord> {
    if (plan.tags) await syncTags(contactId, plan.tags);
    if (listId && plan.listStatus) {
      await call({ method: "POST", url: "/contactLists", json: { contactList: { list: listId, contact: contactId, status: Number(plan.listStatus) } }, operation: "contactLists.set" });
    }
    return mustGet(contactId);
  }

  async function planFor(fields: FieldMap): Promise<AcWritePlan> {
    const plan = fieldsToAcWrite(fields, (await fieldDefs()).fields);
    if (plan.unknownKeys.length) {
      throw new AppError("PROVIDER_VALIDATION", `ActiveCampaign has no custom field ${plan.unknownKeys.map((k) => `"${k}"`).join(", ")}.`, { provider: "activecampaign", fields: plan.unknownKeys });
    }
    return plan;
  }

  function needEmail(fields: FieldMap): string {
    const email = typeof fields.email === "string" ? fields.email.trim().toLowerCase() : "";
    if (!email) throw new AppError("PROVIDER_VALIDATION", "ActiveCampaign contacts need an e-mail address.", { provider: "activecampaign", field: "email" });
    return email;
  }

  async function create(fields: FieldMap): Promise<RawRecord> {
    needEmail(fields);
    const plan = await planFor(fields);
    const body = (await call({ method: "POST", url: "/contacts", json: plan.body, operation: "contacts.create" })).parse(contactEnvelope);
    return afterWrite(body.contact.id, plan);
  }

  async function update(id: string, fields: FieldMap): Promise<RawRecord> {
    const plan = await planFor(fields);
    const hasContactWrite = Object.keys(plan.body.contact).length > 0;
    if (hasContactWrite) await call({ method: "PUT", url: `/contacts/${encodeURIComponent(id)}`, json: plan.body, operation: "contacts.update" });
    else if (!(await get(id))) throw new AppError("PROVIDER_NOT_FOUND", `ActiveCampaign has no contact ${id}.`, { provider: "activecampaign" });
    return afterWrite(id, plan);
  }

  async function upsert(fields: FieldMap): Promise<{ record: RawRecord; created: boolean }> {
    const email = needEmail(fields);
    const plan = await planFor(fields);
    // contact/sync does not say whether it created (and AC dates have one-second precision): ask first
    const before = await findIdByEmail(email);
    const body = (await call({ method: "POST", url: "/contact/sync", json: plan.body, operation: "contacts.sync" })).parse(contactEnvelope);
    return { record: await afterWrite(body.contact.id, plan), created: before === null };
  }

  /** One Bulk Contact Importer request, followed to completion; results per input of `part`. */
  async function importBatch(part: readonly FieldMap[], base: number): Promise<BatchItemResult[]> {
    const results = new Map<number, BatchItemResult>();
    const rows: { i: number; email: string; plan: AcWritePlan }[] = [];
    for (const [i, fields] of part.entries()) {
      try {
        const email = needEmail(fields);
        if (!EMAIL_RE.test(email)) throw new AppError("PROVIDER_VALIDATION", `"${email}" is not an e-mail address ActiveCampaign accepts.`, { provider: "activecampaign", field: "email" });
        rows.push({ i, email, plan: await planFor(fields) });
      } catch (err) {
        if (!isItemError(err)) throw err;
        results.set(i, { index: base + i, ok: false, error: err });
      }
    }
    if (rows.length) {
      const contacts = rows.map(({ email, plan }) => {
        const c = plan.body.contact;
        return {
          email,
          ...(c.firstName !== undefined ? { first_name: c.firstName } : {}),
          ...(c.lastName !== undefined ? { last_name: c.lastName } : {}),
          ...(c.phone !== undefined ? { phone: c.phone } : {}),
          ...(plan.tags?.length ? { tags: plan.tags } : {}),
          ...(c.fieldValues ? { fields: c.fieldValues.map((fv) => ({ id: Number(fv.field), value: fv.value })) } : {}),
          ...(listId && plan.listStatus === "1" ? { subscribe: [{ listid: Number(listId) }] } : {}),
          ...(listId && plan.listStatus === "2" ? { unsubscribe: [{ listid: Number(listId) }] } : {}),
        };
      });
      let batchId: string;
      try {
        const res = await call({ method: "POST", url: "/import/bulk_import", json: { contacts, exclude_automations: false }, operation: "contacts.bulkImport" });
        batchId = res.parse(importQueued).batchId;
      } catch (err) {
        if (!isItemError(err)) throw err;
        // the whole request refused: each input gets its own reason when AC names it, else the batch's error
        const reasons = importRefused.safeParse(err.details?.providerError);
        for (const [k, row] of rows.entries()) {
          const own = reasons.success ? reasons.data.failureReasons?.find((r) => r.contact === k)?.failureReasons : undefined;
          const error = own?.length ? new AppError("PROVIDER_VALIDATION", own.join(" "), { provider: "activecampaign", providerError: err.details?.providerError }) : err;
          results.set(row.i, { index: base + row.i, ok: false, error });
        }
        return part.map((_, i) => results.get(i)!);
      }
      const info = await followImport(batchId);
      const createdIds = new Set(info.success ?? []);
      const failed = new Set((info.failure ?? []).map((e) => e.toLowerCase()));
      for (const row of rows) {
        if (failed.has(row.email)) {
          results.set(row.i, { index: base + row.i, ok: false, error: new AppError("PROVIDER_VALIDATION", `ActiveCampaign did not import ${row.email}.`, { provider: "activecampaign", field: "email" }) });
          continue;
        }
        const id = await findIdByEmail(row.email);
        if (!id) {
          results.set(row.i, { index: base + row.i, ok: false, error: new AppError("PROVIDER_ERROR", `ActiveCampaign reports no contact for ${row.email} after the import.`, { provider: "activecampaign" }) });
          continue;
        }
        // the importer only adds tags: remove the ones the input does not list
        if (row.plan.tags) await syncTags(id, row.plan.tags);
        results.set(row.i, { index: base + row.i, ok: true, record: await mustGet(id), created: createdIds.has(id) });
      }
    }
    return part.map((_, i) => results.get(i)!);
  }

  async function followImport(batchId: string): Promise<z.infer<typeof importInfo>> {
    const deadline = Date.now() + IMPORT_DEADLINE_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      const info = (await call({ url: "/import/info", query: { batchId }, operation: "contacts.importInfo" })).parse(importInfo);
      if (info.status === "completed") return info;
      if (info.status === "failed" || info.status === "interrupted") {
        throw new AppError("PROVIDER_ERROR", `The ActiveCampaign bulk import ${batchId} ${info.status}.`, { provider: "activecampaign", batchId });
      }
      if (Date.now() + wait > deadline) throw new AppError("PROVIDER_UNAVAILABLE", `The ActiveCampaign bulk import ${batchId} has not finished.`, { provider: "activecampaign", batchId });
      // the import runs on AC's side: poll again after a back-off
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async function listChanged({ checkpoint, limit }: { checkpoint: string | null; limit?: number }): Promise<ChangedPage> {
    const c: Checkpoint = checkpoint ? decodeCheckpoint(checkpoint) : { v: 1, lo: 0, skip: 0 };
    const size = pageSize(limit);
    const query: Record<string, string | number> = { limit: size, offset: c.skip, "orders[udate]": "ASC" };
    if (c.lo > 0) query["filters[updated_after]"] = new Date(c.lo).toISOString();
    const body = (await call({ url: "/contacts", query, operation: "contacts.listChanged" })).parse(contactList);
    let next = c;
    for (const contact of body.contacts) {
      const at = second(contact.udate ?? contact.cdate ?? null);
      next = at === next.lo ? { ...next, skip: next.skip + 1 } : { v: 1, lo: at, skip: 1 };
    }
    const items = await enrich(body.contacts);
    items.sort((a, b) => (a.remoteUpdatedAt ?? "").localeCompare(b.remoteUpdatedAt ?? ""));
    const hasMore = body.contacts.length === size;
    // AC dates have one-second precision: a contact changed again within the last second of a pass looks
    // unchanged, so the next pass starts again at that second (re-reading the few contacts stamped with it)
    if (!hasMore) next = { ...next, skip: 0 };
    return { items, deleted: [], checkpoint: encodeCheckpoint(next), hasMore, checkpointExpiresAt: null };
  }

  async function listAll({ cursor, limit }: { cursor: string | null; limit?: number }): Promise<Page<RawRecord>> {
    if (cursor !== null && !/^\d+$/.test(cursor)) throw new AppError("BAD_REQUEST", "Invalid ActiveCampaign cursor.", { provider: "activecampaign" });
    const size = pageSize(limit);
    // id_greater keeps deep pages fast (AC warns that large offsets are slow)
    const query: Record<string, string | number> = { limit: size, "orders[id]": "ASC", ...(cursor ? { id_greater: cursor } : {}) };
    const body = (await call({ url: "/contacts", query, operation: "contacts.list" })).parse(contactList);
    const last = body.contacts.at(-1);
    return { items: await enrich(body.contacts), nextCursor: body.contacts.length === size && last ? last.id : null };
  }

  async function describeFields(): Promise<FieldDescription[]> {
    const { fields, options } = await fieldDefs();
    return [...acStandardFields(listId !== null), ...fields.map((f) => acFieldToDescription(f, options))];
  }

  const contacts: ObjectApi = {
    get,
    listAll,
    listChanged,
    create,
    update,
    upsert,
    async upsertMany(inputs) {
      const out: BatchItemResult[] = [];
      for (const [n, part] of chunk(inputs, AC_IMPORT_BATCH).entries()) out.push(...(await importBatch(part, n * AC_IMPORT_BATCH)));
      return out;
    },
    async delete(id) {
      await call({ method: "DELETE", url: `/contacts/${encodeURIComponent(id)}`, accept: [404], operation: "contacts.delete" });
    },
    describeFields,
    async createField(input) {
      const { body, options } = newAcField(input);
      const created = (await call({ method: "POST", url: "/fields", json: body, operation: "fields.create" })).parse(z.looseObject({ field: acFieldSchema })).field;
      let createdOptions: AcFieldOption[] = [];
      if (options.length) {
        const res = await call({ method: "POST", url: "/fieldOption/bulk", json: { fieldOptions: options.map((o) => ({ field: created.id, ...o })) }, operation: "fieldOptions.create" });
        createdOptions = res.parse(z.looseObject({ fieldOptions: z.array(acFieldOptionSchema) })).fieldOptions;
      }
      // relid 0 = the field shows on every list
      await call({ method: "POST", url: "/fieldRels", json: { fieldRel: { field: created.id, relid: 0 } }, operation: "fieldRels.create" });
      defs = null;
      return acFieldToDescription(created, createdOptions);
    },
  };

  return {
    objects: { contacts },
    async verifyCredentials(): Promise<VerifiedAccount> {
      try {
        const me = (await call({ url: "/users/me", operation: "users.me" })).parse(userMe);
        const account = accountNameFromUrl(ctx.config.accountUrl);
        return { accountId: account, accountName: account, metadata: { userId: me.user.id, ...(me.user.username ? { username: me.user.username } : {}) } };
      } catch (err) {
        if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") {
          throw new AppError("INVALID_CREDENTIALS", "The ActiveCampaign account URL does not point at an ActiveCampaign API.");
        }
        throw err;
      }
    },
    webhooks: {
      async register({ targetUrl, secret }) {
        const res = await call({
          method: "POST",
          url: "/webhooks",
          json: { webhook: { name: "Switchboard", url: withUrlSecret(targetUrl, secret), events: [...subscribedEvents], sources: ["public", "admin", "api", "system"], listid: 0 } },
          operation: "webhooks.create",
        });
        return { externalId: res.parse(webhookEnvelope).webhook.id };
      },
      async unregister(externalId) {
        await call({ method: "DELETE", url: `/webhooks/${encodeURIComponent(externalId)}`, accept: [404], operation: "webhooks.delete" });
      },
    },
  };
}
