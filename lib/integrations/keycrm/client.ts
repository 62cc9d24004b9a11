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
import type { BatchItemResult, ChangedPage, FieldDescription, FieldMap, ObjectApi, Page, RawRecord } from "@/lib/integrations/object-contract";
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
  offerWriteError,
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
      // KeyCRM files every order under a sales source: the mapping's value, else the connection's setting
      const withSource = fields.source_id === undefined || fields.source_id === null ? { ...fields, ...(ctx.config.orderSourceId ? { source_id: ctx.config.orderSourceId } : {}) } : fields;
      if (withSource.source_id === undefined || withSource.source_id === null) {
        throw new AppError("PROVIDER_VALIDATION", "Set the KeyCRM order source id in this connection's settings to create orders there.", { provider: "keycrm", field: "source_id" });
      }
      const res = await call({ method: "POST", url: "/order", json: fieldsToKeycrmOrder(withSource, await customUuids("order")), operation: "order.create" });
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

  /** Offers by id (one `filter[id]` call per 50), keyed by id; ids KeyCRM does not have are absent. */
  async function getOffers(ids: readonly string[]): Promise<Map<string, RawRecord>> {
    const out = new Map<string, RawRecord>();
    for (let i = 0; i < ids.length; i += KEYCRM_PAGE_MAX) {
      const slice = ids.slice(i, i + KEYCRM_PAGE_MAX);
      const body = (await call({ url: "/offers", query: { "filter[id]": slice.join(","), include: "product", limit: KEYCRM_PAGE_MAX }, operation: "offers.get" })).parse(
        paginated(z.unknown()),
      );
      for (const row of body.data) {
        const raw = offerToRaw(row);
        out.set(raw.externalId, raw);
      }
    }
    return out;
  }

  /**
   * Stock and price of existing offers: `PUT /offers/stocks` sets the quantity in the connection's warehouse
   * (KeyCRM records a stock movement to reach it), `PUT /offers` sets the price and purchase price. Both take
   * many offers in one call and name each by SKU (or by id when an offer has no SKU); the offers are read
   * before (to learn SKUs, and which ids exist) and after (the stored result).
   */
  async function writeOffers(inputs: readonly { externalId: string; fields: FieldMap }[]): Promise<BatchItemResult[]> {
    const before = await getOffers([...new Set(inputs.map((i) => i.externalId))]);
    const results: BatchItemResult[] = [];
    const stocks: Record<string, unknown>[] = [];
    const prices: Record<string, unknown>[] = [];
    const writing: number[] = [];
    inputs.forEach(({ externalId, fields }, index) => {
      const existing = before.get(externalId);
      if (!existing) {
        results.push({ index, ok: false, error: new AppError("PROVIDER_NOT_FOUND", `KeyCRM has no offer ${externalId}.`, { provider: "keycrm" }) });
        return;
      }
      const sku = typeof existing.fields.sku === "string" && existing.fields.sku.trim() !== "" ? existing.fields.sku : null;
      const key = sku ? { sku } : { id: Number(externalId) };
      const invalid = offerWriteError(fields, ctx.config.warehouseId);
      if (invalid) {
        results.push({ index, ok: false, error: invalid });
        return;
      }
      if (fields.quantity !== undefined) stocks.push({ ...key, quantity: fields.quantity });
      const price: Record<string, unknown> = {};
      for (const k of ["price", "purchased_price"] as const) if (fields[k] !== undefined) price[k] = fields[k];
      if (Object.keys(price).length > 0) prices.push({ ...key, ...price });
      writing.push(index);
    });
    if (writing.length === 0) return results.sort((a, b) => a.index - b.index);
    try {
      if (stocks.length > 0) await call({ method: "PUT", url: "/offers/stocks", json: { warehouse_id: ctx.config.warehouseId, stocks }, operation: "offers.stocks.update" });
      if (prices.length > 0) await call({ method: "PUT", url: "/offers", json: { offers: prices }, operation: "offers.update" });
    } catch (err) {
      // one call carries the whole batch: KeyCRM refuses or accepts it as one
      if (!(err instanceof AppError)) throw err;
      for (const index of writing) results.push({ index, ok: false, error: err });
      return results.sort((a, b) => a.index - b.index);
    }
    const after = await getOffers(writing.map((i) => inputs[i]!.externalId));
    for (const index of writing) {
      const record = after.get(inputs[index]!.externalId);
      results.push(
        record
          ? { index, ok: true, record }
          : { index, ok: false, error: new AppError("PROVIDER_NOT_FOUND", `KeyCRM has no offer ${inputs[index]!.externalId}.`, { provider: "keycrm" }) },
      );
    }
    return results.sort((a, b) => a.index - b.index);
  }

  const offers: ObjectApi = {
    async get(id) {
      return (await getOffers([id])).get(id) ?? null;
    },
    listAll: (input) => listAll("/offers", "product", offerToRaw, input),
    async update(id, fields) {
      const [result] = await writeOffers([{ externalId: id, fields }]);
      if (!result!.ok) throw result!.error;
      return result!.record;
    },
    updateMany: (inputs) => writeOffers(inputs),
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
