// KeyCRM (openapi.keycrm.app/v1) buyers, orders and offers as raw records. Every call goes through
// ctx.request (Bearer API key). Changes are listed with `filter[updated_between]` sorted by updated_at,
// walked as a keyset (each page starts at the last second seen, skipping the ids already returned at
// it), with a two-minute overlap between passes for clock skew. KeyCRM has no upsert (buyers: a lookup by
// e-mail, then POST or PUT), cannot delete buyers or orders through the API, and reports no deletions.
import { checkpointCodec } from "@/lib/integrations/checkpoint-codec";
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ChangedPage, FieldDescription, FieldMap, ObjectApi, Page, RawRecord } from "@/lib/integrations/object-contract";
import type { ConnectionContext, ProviderClient, VerifiedAccount } from "@/lib/integrations/types";
import {
  KEYCRM_BUYER_FIELDS,
  KEYCRM_OFFER_FIELDS,
  fieldsToKeycrmBuyer,
  fieldsToKeycrmOrder,
  keycrmBuyerSchema,
  keycrmBuyerToRaw,
  keycrmCustomFieldSchema,
  keycrmCustomFieldToDescription,
  keycrmOfferSchema,
  keycrmOfferToRaw,
  keycrmOrderFields,
  keycrmOrderSchema,
  keycrmOrderToRaw,
  toKeycrmDate,
  type KeycrmCustomField,
} from "@/lib/integrations/keycrm/map";
import type { KeycrmConfig, KeycrmCredentials } from "@/lib/integrations/keycrm/settings";

export const KEYCRM_PAGE_MAX = 50;
/** Passes overlap by this much (KeyCRM's clock and ours; a record written while a pass ran). */
const OVERLAP_MS = 120_000;
/** The window of a pass ends this far after it starts (a write stamped by a clock slightly ahead). */
const WINDOW_AHEAD_MS = 60_000;
const BUYER_INCLUDE = "company,manager,custom_fields";
const ORDER_INCLUDE = "buyer,products.offer,payments,status,shipping,custom_fields";

const paginated = <T extends z.ZodType>(item: T) =>
  z.looseObject({ total: z.coerce.number(), current_page: z.coerce.number(), per_page: z.coerce.number(), data: z.array(item) });
const customFieldList = z.union([z.array(keycrmCustomFieldSchema), z.looseObject({ data: z.array(keycrmCustomFieldSchema) }).transform((b) => b.data)]);
const statusList = z.union([
  z.array(z.looseObject({ id: z.coerce.string(), name: z.string() })),
  z.looseObject({ data: z.array(z.looseObject({ id: z.coerce.string(), name: z.string() })) }).transform((b) => b.data),
]);

/** A pass: [lo, hi] by updated_at (ms, whole seconds), the ids already returned at second `lo`, the page within that second. */
const checkpointSchema = z.object({
  v: z.literal(1),
  lo: z.number().int().min(0),
  hi: z.number().int().nullable(),
  start: z.number().int().nullable(),
  seen: z.array(z.string()),
  page: z.number().int().min(1),
});
type Checkpoint = z.infer<typeof checkpointSchema>;
const { encode, decode } = checkpointCodec(checkpointSchema, { slug: "keycrm", name: "KeyCRM" });
const second = (iso: string | null) => (iso ? Math.floor(Date.parse(iso) / 1000) * 1000 : 0);
const pageSize = (limit: number | undefined) => Math.min(Math.max(limit ?? KEYCRM_PAGE_MAX, 1), KEYCRM_PAGE_MAX);

export type KeycrmClient = ProviderClient & { objects: { buyers: ObjectApi; orders: ObjectApi; offers: ObjectApi } };

export function createKeycrmClient(ctx: ConnectionContext<KeycrmConfig, KeycrmCredentials>): KeycrmClient {
  const call = (req: HttpRequest): Promise<HttpResponse> => ctx.request(req);

  let customFields: Promise<KeycrmCustomField[]> | null = null;
  const loadCustomFields = () => {
    customFields ??= call({ url: "/custom-fields", operation: "customFields.list" })
      .then((res) => res.parse(customFieldList))
      .catch((err: unknown) => {
        customFields = null;
        throw err;
      });
    return customFields;
  };
  const customUuids = async (model: string) => new Set((await loadCustomFields()).filter((f) => (f.model ?? model) === model).map((f) => f.uuid));

  /** One page of changes of a list endpoint (see the file header). */
  async function listChanged(path: string, include: string, toRaw: (row: unknown) => RawRecord, input: { checkpoint: string | null; limit?: number }): Promise<ChangedPage> {
    const now = ctx.now().getTime();
    const base: Checkpoint = input.checkpoint ? decode(input.checkpoint) : { v: 1, lo: 0, hi: null, start: null, seen: [], page: 1 };
    const c: Checkpoint = base.hi === null ? { ...base, hi: now + WINDOW_AHEAD_MS, start: now, page: 1 } : base;
    const size = pageSize(input.limit);
    const res = await call({
      url: path,
      query: { limit: size, page: c.page, include, sort: "updated_at", "filter[updated_between]": `${toKeycrmDate(c.lo)}, ${toKeycrmDate(c.hi!)}` },
      operation: `${path.slice(1)}.listChanged`,
    });
    const rows = res.parse(paginated(z.unknown())).data.map(toRaw);
    const seen = new Set(c.seen);
    const fresh = rows.filter((r) => !(second(r.remoteUpdatedAt) === c.lo && seen.has(r.externalId)));
    fresh.sort((a, b) => (a.remoteUpdatedAt ?? "").localeCompare(b.remoteUpdatedAt ?? ""));
    const full = rows.length === size;
    let next: Checkpoint;
    const newLo = fresh.reduce((max, r) => Math.max(max, second(r.remoteUpdatedAt)), c.lo);
    if (full && newLo === c.lo) {
      // a whole page within one second: page on inside it
      next = { ...c, seen: [...seen, ...fresh.map((r) => r.externalId)], page: c.page + 1 };
    } else {
      const atLo = fresh.filter((r) => second(r.remoteUpdatedAt) === newLo).map((r) => r.externalId);
      next = { ...c, lo: newLo, seen: newLo === c.lo ? [...seen, ...atLo] : atLo, page: 1 };
    }
    if (!full) next = { v: 1, lo: Math.max(0, (c.start ?? now) - OVERLAP_MS), hi: null, start: null, seen: [], page: 1 };
    return { items: fresh, deleted: [], checkpoint: encode(next), hasMore: full, checkpointExpiresAt: null };
  }

  async function listAll(path: string, include: string, toRaw: (row: unknown) => RawRecord, input: { cursor: string | null; limit?: number }): Promise<Page<RawRecord>> {
    if (input.cursor !== null && !/^\d+$/.test(input.cursor)) throw new AppError("BAD_REQUEST", "Invalid KeyCRM cursor.", { provider: "keycrm" });
    const page = input.cursor ? Number(input.cursor) : 1;
    const size = pageSize(input.limit);
    const body = (await call({ url: path, query: { limit: size, page, include }, operation: `${path.slice(1)}.list` })).parse(paginated(z.unknown()));
    const more = body.current_page * body.per_page < body.total && body.data.length > 0;
    return { items: body.data.map(toRaw), nextCursor: more ? String(page + 1) : null };
  }

  const buyerToRaw = (row: unknown) => keycrmBuyerToRaw(keycrmBuyerSchema.parse(row));
  const orderToRaw = (row: unknown) => keycrmOrderToRaw(keycrmOrderSchema.parse(row));
  const offerToRaw = (row: unknown) => keycrmOfferToRaw(keycrmOfferSchema.parse(row));

  async function getBuyer(id: string) {
    const res = await call({ url: `/buyer/${encodeURIComponent(id)}`, query: { include: BUYER_INCLUDE }, accept: [404], operation: "buyer.get" });
    return res.status === 404 ? null : res.parse(keycrmBuyerSchema);
  }
  async function findBuyerId(email: string): Promise<string | null> {
    const body = (await call({ url: "/buyer", query: { "filter[buyer_email]": email, limit: 1 }, operation: "buyer.search" })).parse(paginated(keycrmBuyerSchema));
    return body.data[0]?.id ?? null;
  }
  async function mustGetBuyer(id: string): Promise<RawRecord> {
    const buyer = await getBuyer(id);
    if (!buyer) throw new AppError("PROVIDER_NOT_FOUND", `KeyCRM has no buyer ${id}.`, { provider: "keycrm" });
    return keycrmBuyerToRaw(buyer);
  }
  const idOf = z.looseObject({ id: z.coerce.string() });

  async function createBuyer(fields: FieldMap): Promise<RawRecord> {
    const res = await call({ method: "POST", url: "/buyer", json: fieldsToKeycrmBuyer(fields, await customUuids("client")), operation: "buyer.create" });
    return mustGetBuyer(res.parse(idOf).id);
  }
  async function updateBuyer(id: string, fields: FieldMap): Promise<RawRecord> {
    // the write merges e-mails, phones and the name halves with what the buyer has
    const existing = await getBuyer(id);
    if (!existing) throw new AppError("PROVIDER_NOT_FOUND", `KeyCRM has no buyer ${id}.`, { provider: "keycrm" });
    await call({ method: "PUT", url: `/buyer/${encodeURIComponent(id)}`, json: fieldsToKeycrmBuyer(fields, await customUuids("client"), existing), operation: "buyer.update" });
    return mustGetBuyer(id);
  }

  const buyers: ObjectApi = {
    get: async (id) => {
      const buyer = await getBuyer(id);
      return buyer ? keycrmBuyerToRaw(buyer) : null;
    },
    listAll: (input) => listAll("/buyer", BUYER_INCLUDE, buyerToRaw, input),
    listChanged: (input) => listChanged("/buyer", BUYER_INCLUDE, buyerToRaw, input),
    create: createBuyer,
    update: updateBuyer,
    async upsert(fields) {
      const email = typeof fields.email === "string" ? fields.email.trim().toLowerCase() : "";
      if (!email) throw new AppError("PROVIDER_VALIDATION", "Buyers are matched by e-mail; the record has none.", { provider: "keycrm", field: "email" });
      const id = await findBuyerId(email);
      return id ? { record: await updateBuyer(id, fields), created: false } : { record: await createBuyer(fields), created: true };
    },
    async describeFields(): Promise<FieldDescription[]> {
      const custom = (await loadCustomFields()).filter((f) => (f.model ?? "client") === "client");
      return [...KEYCRM_BUYER_FIELDS, ...custom.map(keycrmCustomFieldToDescription)];
    },
  };

  async function getOrder(id: string): Promise<RawRecord | null> {
    const res = await call({ url: `/order/${encodeURIComponent(id)}`, query: { include: ORDER_INCLUDE }, accept: [404], operation: "order.get" });
    return res.status === 404 ? null : keycrmOrderToRaw(res.parse(keycrmOrderSchema));
  }
  async function mustGetOrder(id: string): Promise<RawRecord> {
    const order = await getOrder(id);
    if (!order) throw new AppError("PROVIDER_NOT_FOUND", `KeyCRM has no order ${id}.`, { provider: "keycrm" });
    return order;
  }

  const orders: ObjectApi = {
    get: getOrder,
    listAll: (input) => listAll("/order", ORDER_INCLUDE, orderToRaw, input),
    listChanged: (input) => listChanged("/order", ORDER_INCLUDE, orderToRaw, input),
    async create(fields) {
      const res = await call({ method: "POST", url: "/order", json: fieldsToKeycrmOrder(fields, await customUuids("order")), operation: "order.create" });
      return mustGetOrder(res.parse(idOf).id);
    },
    async update(id, fields) {
      await call({ method: "PUT", url: `/order/${encodeURIComponent(id)}`, json: fieldsToKeycrmOrder(fields, await customUuids("order")), operation: "order.update" });
      return mustGetOrder(id);
    },
    async describeFields() {
      const [statuses, custom] = await Promise.all([
        call({ url: "/order/status", query: { limit: KEYCRM_PAGE_MAX }, operation: "order.statuses" }).then((r) => r.parse(statusList)),
        loadCustomFields(),
      ]);
      return [...keycrmOrderFields(statuses), ...custom.filter((f) => f.model === "order").map(keycrmCustomFieldToDescription)];
    },
  };

  const offers: ObjectApi = {
    async get(id) {
      const body = (await call({ url: "/offers", query: { "filter[id]": id, include: "product", limit: 1 }, operation: "offers.get" })).parse(paginated(z.unknown()));
      const first = body.data[0];
      return first === undefined ? null : offerToRaw(first);
    },
    listAll: (input) => listAll("/offers", "product", offerToRaw, input),
    describeFields: async () => [...KEYCRM_OFFER_FIELDS],
  };

  return {
    objects: { buyers, orders, offers },
    async verifyCredentials(): Promise<VerifiedAccount> {
      await call({ url: "/buyer", query: { limit: 1 }, operation: "buyer.verify" });
      // KeyCRM exposes no account endpoint: the key's fingerprint stands for the account
      return { accountId: keycrmAccountId(ctx.credentials.apiKey) };
    },
  };
}

/** The account id KeyCRM connections are known by: a fingerprint of the API key (KeyCRM names no account). */
export function keycrmAccountId(apiKey: string): string {
  return `key-${createHash("sha256").update(apiKey).digest("hex").slice(0, 12)}`;
}
