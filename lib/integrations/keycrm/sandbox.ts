// A fake of the KeyCRM OpenAPI (v1) under /sandbox/keycrm/v1: Bearer key (401 {"message":
// "Unauthenticated."}), buyers (no delete), orders with statuses and payments, offers with stock and
// price, Laravel-style paging ({total,current_page,per_page,data,...}, limit max 50), deepObject filters
// incl. `filter[updated_between]`, stock per warehouse set with `PUT /offers/stocks` and prices with
// `PUT /offers` (each offer named by id or SKU, validated like Laravel), Laravel 422/404 bodies, X-RateLimit-* headers (60 per minute), and the
// `{event, context}` webhooks a trigger automation sends when an order's status or payment changes.
// KeyCRM's error bodies and rate-limit headers are unverified (providers.md §7.3); these follow Laravel.
import { findSandboxAccountByApiKey } from "@/lib/integrations/sandbox/accounts";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import { createRecord, getRecord, listRecords, nextExternalId, updateRecord, type ChangeSource } from "@/lib/integrations/sandbox/record-store";
import type { ProviderSandbox, RenderedDelivery, SandboxAccount, SandboxData, SandboxObjectSpec, StoredRecord } from "@/lib/integrations/sandbox/sandbox-types";
import { countRequest, json, readJson, serveApi, withHeaders, type ApiRoute } from "@/lib/integrations/sandbox/serve-api";
import { keycrmDateToIso, toKeycrmDate } from "./map";

const SLUG = "keycrm";
const PER_MINUTE = 60;
const api: ChangeSource = { kind: "api", appId: null };

export const ORDER_STATUSES = [
  { id: 1, name: "Новий", alias: "new", group_id: 1 },
  { id: 2, name: "Погоджено", alias: "approved", group_id: 2 },
  { id: 3, name: "Відправлено", alias: "shipped", group_id: 3 },
  { id: 4, name: "Виконано", alias: "completed", group_id: 4 },
  { id: 5, name: "Скасовано", alias: "canceled", group_id: 5 },
] as const;
const PAYMENT_STATUSES = ["not_paid", "part_paid", "paid", "refund"] as const;
const PRODUCTS = [
  ["Кружка керамічна", 250],
  ["Футболка базова", 450],
  ["Блокнот A5", 120],
  ["Рюкзак міський", 1450],
  ["Пляшка для води", 320],
  ["Худі оверсайз", 1200],
] as const;

/** Custom field definitions every account has (`GET /custom-fields`). */
export const CUSTOM_FIELDS = [
  { id: 1, uuid: "CT_1001", name: "Тип клієнта", model: "client", type: "select", required: false, options: ["VIP", "Opt", "Retail"] },
  { id: 2, uuid: "OR_1001", name: "Подарункове пакування", model: "order", type: "switcher", required: false, options: [] },
] as const;
const DELIVERY_SERVICES = [
  { id: 1, name: "Нова Пошта" },
  { id: 2, name: "Укрпошта" },
] as const;

const unauthenticated = () => json({ message: "Unauthenticated." }, 401);
const notFound = (model: string, id: string) => json({ message: `No query results for model [App\\Models\\${model}] ${id}` }, 404);
const invalid = (errors: Record<string, string[]>) => json({ message: "The given data was invalid.", errors }, 422);

type Auth = { account: SandboxAccount };

async function authenticate(req: Request): Promise<Auth | Response> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) return unauthenticated();
  const account = await findSandboxAccountByApiKey(SLUG, m[1]!);
  return account ? { account } : unauthenticated();
}

// ---------------------------------------------------------------------------------------------------
// paging and filters

/** `filter[updated_between]=<from>, <to>`: ISO or "Y-m-d H:i:s", with or without a space after the comma. */
export function parseBetween(raw: string | null): [number, number] | null | "invalid" {
  if (raw === null || raw.trim() === "") return null;
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.length !== 2) return "invalid";
  const [from, to] = parts.map((p) => Date.parse(keycrmDateToIso(p) ?? ""));
  if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) return "invalid";
  return [from, to];
}

function paginate(url: URL, rows: SandboxData[]): Response {
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 15) || 15, 1), 50);
  const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const last = Math.max(1, Math.ceil(rows.length / limit));
  const link = (p: number) => {
    const u = new URL(url);
    u.searchParams.set("page", String(p));
    return u.toString();
  };
  return json({
    total: rows.length,
    current_page: page,
    per_page: limit,
    data: rows.slice((page - 1) * limit, page * limit),
    first_page_url: link(1),
    last_page_url: link(last),
    next_page_url: page < last ? link(page + 1) : null,
  });
}

function filterAndSort(url: URL, rows: StoredRecord[], extra: (r: StoredRecord, q: URLSearchParams) => boolean): StoredRecord[] | Response {
  const q = url.searchParams;
  for (const [param, field] of [["filter[updated_between]", "updated_at"], ["filter[created_between]", "created_at"]] as const) {
    const range = parseBetween(q.get(param));
    if (range === "invalid") return invalid({ [param.slice(7, -1)]: [`The ${param.slice(7, -1).replace("_", " ")} format is invalid.`] });
    if (range) rows = rows.filter((r) => {
      const t = Date.parse(keycrmDateToIso(String(r.data[field] ?? "")) ?? "");
      return t >= range[0] && t <= range[1];
    });
  }
  rows = rows.filter((r) => extra(r, q));
  const sort = q.get("sort");
  if (sort === "updated_at" || sort === "-updated_at" || sort === "created_at" || sort === "-created_at") {
    const field = sort.replace("-", "");
    const dir = sort.startsWith("-") ? -1 : 1;
    rows.sort((a, b) => dir * (String(a.data[field]).localeCompare(String(b.data[field])) || Number(a.externalId) - Number(b.externalId)));
  } else {
    rows.sort((a, b) => Number(b.externalId) - Number(a.externalId)); // newest first by default
  }
  return rows;
}

const includes = (url: URL) => new Set((url.searchParams.get("include") ?? "").split(",").map((s) => s.trim()).filter(Boolean));

function publicBuyer(r: StoredRecord, inc: Set<string>): SandboxData {
  const { company, manager, custom_fields, shipping, loyalty, ...base } = r.data;
  return {
    id: Number(r.externalId),
    ...base,
    ...(inc.has("company") ? { company: company ?? null } : {}),
    ...(inc.has("manager") ? { manager: manager ?? null } : {}),
    ...(inc.has("custom_fields") ? { custom_fields: custom_fields ?? [] } : {}),
    ...(inc.has("shipping") ? { shipping: shipping ?? [] } : {}),
    ...(inc.has("loyalty") ? { loyalty: loyalty ?? [] } : {}),
  };
}

function publicOrder(r: StoredRecord, inc: Set<string>): SandboxData {
  const { buyer, products, payments, shipping, custom_fields, ...base } = r.data;
  const status = ORDER_STATUSES.find((s) => s.id === base.status_id);
  return {
    id: Number(r.externalId),
    ...base,
    ...(inc.has("shipping") ? { shipping: shipping ?? null } : {}),
    ...(inc.has("custom_fields") ? { custom_fields: custom_fields ?? [] } : {}),
    ...(inc.has("buyer") ? { buyer: buyer ?? null } : {}),
    ...(inc.has("products") || inc.has("products.offer") ? { products: products ?? [] } : {}),
    ...(inc.has("payments") ? { payments: payments ?? [] } : {}),
    ...(inc.has("status") ? { status: status ? { id: status.id, name: status.name, alias: status.alias, group_id: status.group_id } : null } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// buyers

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateBuyer(body: unknown, creating: boolean): SandboxData | Response {
  if (!body || typeof body !== "object") return invalid({ full_name: ["The full name field is required."] });
  const b = body as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const out: SandboxData = {};
  if (b.full_name !== undefined || creating) {
    if (typeof b.full_name !== "string" || b.full_name.trim() === "") errors.full_name = ["The full name field is required."];
    else out.full_name = b.full_name.trim();
  }
  for (const key of ["email", "phone"] as const) {
    if (b[key] === undefined) continue;
    if (!Array.isArray(b[key]) || !(b[key] as unknown[]).every((v) => typeof v === "string")) errors[key] = [`The ${key} must be an array.`];
    else out[key] = b[key];
  }
  for (const [i, e] of ((out.email as string[] | undefined) ?? []).entries()) if (!EMAIL_RE.test(e)) errors[`email.${i}`] = [`The email.${i} must be a valid email address.`];
  for (const key of ["note", "birthday"] as const) if (typeof b[key] === "string") out[key] = b[key];
  if (b.manager_id !== undefined) out.manager_id = Number(b.manager_id);
  if (b.company_id !== undefined) out.company_id = Number(b.company_id);
  if (b.custom_fields !== undefined) {
    if (!Array.isArray(b.custom_fields) || !(b.custom_fields as unknown[]).every((f) => f && typeof f === "object" && typeof (f as { uuid?: unknown }).uuid === "string")) {
      errors.custom_fields = ["The custom fields must be an array of {uuid, value}."];
    } else out.custom_fields = b.custom_fields;
  }
  return Object.keys(errors).length > 0 ? invalid(errors) : out;
}

const SHIPPING_KEYS = ["delivery_service_id", "tracking_code", "shipping_status", "shipping_address_city", "shipping_address_country", "shipping_receive_point", "recipient_full_name", "recipient_phone", "shipping_date_actual"] as const;

/** An order's shipping block with the given keys replaced (unknown keys ignored, as KeyCRM does). */
function mergeShipping(existing: unknown, incoming: unknown): SandboxData {
  const out: SandboxData = { ...Object.fromEntries(SHIPPING_KEYS.map((k) => [k, null])), ...((existing as SandboxData | null) ?? {}) };
  if (incoming && typeof incoming === "object") for (const k of SHIPPING_KEYS) if (k in (incoming as SandboxData)) out[k] = (incoming as SandboxData)[k];
  const service = DELIVERY_SERVICES.find((d) => d.id === Number(out.delivery_service_id));
  out.delivery_service_name = service?.name ?? null;
  return out;
}

function mergeCustomFields(existing: unknown, incoming: unknown): unknown {
  const map = new Map<string, unknown>();
  for (const f of (Array.isArray(existing) ? existing : []) as { uuid: string }[]) map.set(f.uuid, f);
  for (const f of (Array.isArray(incoming) ? incoming : []) as { uuid: string }[]) map.set(f.uuid, f);
  return [...map.values()];
}

const routes: ApiRoute<Auth>[] = [
  {
    method: "GET",
    path: "/v1/buyer",
    handler: async ({ url, auth }) => {
      const rows = filterAndSort(url, await listRecords(auth.account.id, "buyers"), (r, q) => {
        const ids = q.get("filter[buyer_id]");
        if (ids && !ids.split(",").map((s) => s.trim()).includes(r.externalId)) return false;
        const email = q.get("filter[buyer_email]");
        if (email && !((r.data.email as string[] | undefined) ?? []).some((e) => e.toLowerCase() === email.toLowerCase())) return false;
        const phone = q.get("filter[buyer_phone]");
        if (phone && !((r.data.phone as string[] | undefined) ?? []).some((p) => p.replace(/\D/g, "").endsWith(phone.replace(/\D/g, "")))) return false;
        return true;
      });
      if (rows instanceof Response) return rows;
      const inc = includes(url);
      return paginate(url, rows.map((r) => publicBuyer(r, inc)));
    },
  },
  {
    method: "GET",
    path: "/v1/buyer/:id",
    handler: async ({ url, params, auth }) => {
      const r = await getRecord(auth.account.id, "buyers", params.id!);
      return r ? json(publicBuyer(r, includes(url))) : notFound("Client", params.id!);
    },
  },
  {
    method: "POST",
    path: "/v1/buyer",
    handler: async ({ req, auth, ctx }) => {
      const fields = validateBuyer(await readJson(req), true);
      if (fields instanceof Response) return fields;
      const now = ctx.now();
      const id = await nextExternalId(auth.account, buyerSpec);
      const data = { full_name: "", birthday: null, email: [], phone: [], note: null, ...fields, created_at: toKeycrmDate(now), updated_at: toKeycrmDate(now) };
      const saved = await createRecord({ account: auth.account, objectType: "buyers", externalId: id, data, now, source: api });
      return json(publicBuyer(saved, new Set()), 201);
    },
  },
  {
    method: "PUT",
    path: "/v1/buyer/:id",
    handler: async ({ req, params, auth, ctx }) => {
      const r = await getRecord(auth.account.id, "buyers", params.id!);
      if (!r) return notFound("Client", params.id!);
      const fields = validateBuyer(await readJson(req), false);
      if (fields instanceof Response) return fields;
      const now = ctx.now();
      const data = { ...r.data, ...fields, custom_fields: mergeCustomFields(r.data.custom_fields, fields.custom_fields), updated_at: toKeycrmDate(now) };
      const saved = await updateRecord({ account: auth.account, objectType: "buyers", externalId: r.externalId, data, now, source: api, ignoreFields: ["updated_at"] });
      return json(publicBuyer(saved ?? r, new Set()));
    },
  },
  {
    method: "GET",
    path: "/v1/order",
    handler: async ({ url, auth }) => {
      const rows = filterAndSort(url, await listRecords(auth.account.id, "orders"), (r, q) => {
        const status = q.get("filter[status_id]");
        if (status && !status.split(",").map((s) => s.trim()).includes(String(r.data.status_id))) return false;
        const email = q.get("filter[buyer_email]");
        const buyer = r.data.buyer as { email?: string } | undefined;
        if (email && (buyer?.email ?? "").toLowerCase() !== email.toLowerCase()) return false;
        return true;
      });
      if (rows instanceof Response) return rows;
      const inc = includes(url);
      return paginate(url, rows.map((r) => publicOrder(r, inc)));
    },
  },
  { method: "GET", path: "/v1/custom-fields", handler: async () => json(CUSTOM_FIELDS) },
  {
    method: "POST",
    path: "/v1/order",
    handler: async ({ req, auth, ctx }) => {
      const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      if (body.source_id === undefined || body.source_id === null || Number.isNaN(Number(body.source_id))) errors.source_id = ["The source id field is required."];
      const buyer = body.buyer && typeof body.buyer === "object" ? (body.buyer as Record<string, unknown>) : null;
      if (!buyer || typeof buyer.full_name !== "string" || buyer.full_name.trim() === "") errors["buyer.full_name"] = ["The buyer.full name field is required."];
      if (buyer && buyer.email !== undefined && buyer.email !== null && (typeof buyer.email !== "string" || !EMAIL_RE.test(buyer.email))) errors["buyer.email"] = ["The buyer.email must be a valid email address."];
      if (body.status_id !== undefined && !ORDER_STATUSES.some((st) => st.id === Number(body.status_id))) errors.status_id = ["The selected status id is invalid."];
      if (Object.keys(errors).length > 0) return invalid(errors);
      const now = ctx.now();
      const id = await nextExternalId(auth.account, orderSpec);
      const products = Array.isArray(body.products) ? (body.products as Record<string, unknown>[]) : [];
      const total = products.reduce((sum, p) => sum + Number(p.price ?? 0) * Number(p.quantity ?? 1), 0);
      const data: SandboxData = {
        parent_id: null,
        source_uuid: typeof body.source_uuid === "string" ? body.source_uuid : null,
        source_id: Number(body.source_id),
        status_id: Number(body.status_id ?? 1),
        status_group_id: 1,
        grand_total: total,
        total_discount: Number(body.total_discount ?? 0),
        expenses_sum: 0,
        shipping_price: Number(body.shipping_price ?? 0),
        payment_status: "not_paid",
        manager_comment: typeof body.manager_comment === "string" ? body.manager_comment : null,
        buyer: { id: null, full_name: String(buyer!.full_name), email: buyer!.email ?? null, phone: buyer!.phone ?? null },
        products,
        payments: [],
        shipping: mergeShipping(null, body.shipping),
        custom_fields: mergeCustomFields([], body.custom_fields),
        ordered_at: typeof body.ordered_at === "string" ? body.ordered_at : toKeycrmDate(now),
        created_at: toKeycrmDate(now),
        updated_at: toKeycrmDate(now),
        closed_at: null,
      };
      const saved = await createRecord({ account: auth.account, objectType: "orders", externalId: id, data, now, source: api });
      return json(publicOrder(saved, new Set()), 201);
    },
  },
  { method: "GET", path: "/v1/order/status", handler: async ({ url }) => paginate(url, ORDER_STATUSES.map((s) => ({ ...s, is_active: true }))) },
  {
    method: "GET",
    path: "/v1/order/:id",
    handler: async ({ url, params, auth }) => {
      const r = await getRecord(auth.account.id, "orders", params.id!);
      return r ? json(publicOrder(r, includes(url))) : notFound("Order", params.id!);
    },
  },
  {
    method: "PUT",
    path: "/v1/order/:id",
    handler: async ({ req, params, auth, ctx }) => {
      const r = await getRecord(auth.account.id, "orders", params.id!);
      if (!r) return notFound("Order", params.id!);
      const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
      if (body.status_id !== undefined && !ORDER_STATUSES.some((s) => s.id === Number(body.status_id))) {
        return invalid({ status_id: ["The selected status id is invalid."] });
      }
      const now = ctx.now();
      const data: SandboxData = { ...r.data, updated_at: toKeycrmDate(now) };
      if (body.status_id !== undefined) data.status_id = Number(body.status_id);
      for (const key of ["manager_comment", "source_uuid", "ordered_at"] as const) if (typeof body[key] === "string" || body[key] === null) data[key] = body[key];
      for (const key of ["total_discount", "shipping_price"] as const) if (typeof body[key] === "number") data[key] = body[key];
      if (body.shipping !== undefined) data.shipping = mergeShipping(r.data.shipping, body.shipping);
      if (body.custom_fields !== undefined) data.custom_fields = mergeCustomFields(r.data.custom_fields, body.custom_fields);
      if (body.buyer && typeof body.buyer === "object") data.buyer = { ...((r.data.buyer as SandboxData | null) ?? {}), ...(body.buyer as SandboxData) };
      const saved = await updateRecord({ account: auth.account, objectType: "orders", externalId: r.externalId, data, now, source: api, ignoreFields: ["updated_at"] });
      return json(publicOrder(saved ?? r, new Set()));
    },
  },
  {
    method: "POST",
    path: "/v1/order/:id/payment",
    handler: async ({ req, params, auth, ctx }) => {
      const r = await getRecord(auth.account.id, "orders", params.id!);
      if (!r) return notFound("Order", params.id!);
      const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      if (typeof body.payment_method_id !== "number") errors.payment_method_id = ["The payment method id field is required."];
      if (typeof body.amount !== "number") errors.amount = ["The amount field is required."];
      if (Object.keys(errors).length > 0) return invalid(errors);
      const now = ctx.now();
      const payment = { id: Date.now() % 1_000_000, payment_method_id: body.payment_method_id, amount: body.amount, status: String(body.status ?? "paid"), description: String(body.description ?? ""), payment_date: toKeycrmDate(now), created_at: toKeycrmDate(now), updated_at: toKeycrmDate(now) };
      const payments = [...((r.data.payments as SandboxData[] | undefined) ?? []), payment];
      const paid = payments.filter((p) => p.status === "paid").reduce((s, p) => s + Number(p.amount), 0);
      const total = Number(r.data.grand_total ?? 0);
      const payment_status = paid <= 0 ? "not_paid" : paid >= total ? "paid" : "part_paid";
      await updateRecord({ account: auth.account, objectType: "orders", externalId: r.externalId, data: { ...r.data, payments, payment_status, updated_at: toKeycrmDate(now) }, now, source: api });
      return json(payment, 201);
    },
  },
  {
    method: "GET",
    path: "/v1/offers",
    handler: async ({ url, auth }) => {
      const rows = filterAndSort(url, await listRecords(auth.account.id, "offers"), (r, q) => {
        const ids = q.get("filter[id]");
        if (ids && !ids.split(",").map((s) => s.trim()).includes(r.externalId)) return false;
        const product = q.get("filter[product_id]");
        if (product && String(r.data.product_id) !== product) return false;
        return true;
      });
      if (rows instanceof Response) return rows;
      const inc = includes(url);
      return paginate(url, rows.map((r) => {
        const { product, warehouse_stocks: _stocks, ...base } = r.data;
        return { id: Number(r.externalId), ...base, ...(inc.has("product") ? { product } : {}) };
      }));
    },
  },
  {
    method: "GET",
    path: "/v1/offers/stocks",
    handler: async ({ url, auth }) => {
      const q = url.searchParams;
      const ids = q.get("filter[offers_id]")?.split(",").map((s) => s.trim());
      const skus = q.get("filter[offers_sku]")?.split(",").map((s) => s.trim());
      const details = q.get("filter[details]") === "true" || q.get("filter[details]") === "1";
      const rows = (await listRecords(auth.account.id, "offers"))
        .filter((r) => (!ids || ids.includes(r.externalId)) && (!skus || skus.includes(String(r.data.sku))))
        .sort((a, b) => Number(a.externalId) - Number(b.externalId));
      return paginate(
        url,
        rows.map((r) => ({
          id: Number(r.externalId),
          sku: r.data.sku,
          price: r.data.price,
          purchased_price: r.data.purchased_price,
          quantity: r.data.quantity,
          reserve: r.data.reserve ?? 0,
          ...(details ? { warehouse: warehouseStocks(r.data).map((w) => ({ id: w.warehouse_id, title: WAREHOUSES.find((x) => x.id === w.warehouse_id)?.title ?? "", quantity: w.quantity, reserve: w.reserve })) } : {}),
        })),
      );
    },
  },
  {
    // "creates a stock movement to bring the warehouse's stock to the quantity": per offer, by id or SKU
    method: "PUT",
    path: "/v1/offers/stocks",
    handler: async ({ req, auth, ctx }) => {
      const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      const warehouseId = body.warehouse_id;
      if (warehouseId === undefined || warehouseId === null || warehouseId === "") errors.warehouse_id = ["The warehouse id field is required."];
      else if (!Number.isInteger(Number(warehouseId))) errors.warehouse_id = ["The warehouse id must be an integer."];
      else if (!WAREHOUSES.some((w) => w.id === Number(warehouseId))) errors.warehouse_id = ["The selected warehouse id is invalid."];
      const offers = await listRecords(auth.account.id, "offers");
      const targets = resolveOffers(body.stocks, "stocks", offers, errors, (item, at) => {
        if (item.quantity === undefined || item.quantity === null || item.quantity === "") errors[`${at}.quantity`] = [`The ${at}.quantity field is required.`];
        else if (typeof item.quantity !== "number" || !Number.isFinite(item.quantity)) errors[`${at}.quantity`] = [`The ${at}.quantity must be a number.`];
        else if (item.quantity < 0) errors[`${at}.quantity`] = [`The ${at}.quantity must be at least 0.`];
      });
      if (Object.keys(errors).length > 0) return invalid(errors);
      const now = ctx.now();
      for (const { record, item } of targets) {
        const stocks = warehouseStocks(record.data).filter((w) => w.warehouse_id !== Number(warehouseId));
        const current = warehouseStocks(record.data).find((w) => w.warehouse_id === Number(warehouseId));
        stocks.push({ warehouse_id: Number(warehouseId), quantity: Number(item.quantity), reserve: current?.reserve ?? 0 });
        stocks.sort((a, b) => a.warehouse_id - b.warehouse_id);
        const data = { ...record.data, warehouse_stocks: stocks, quantity: stocks.reduce((s, w) => s + w.quantity, 0), reserve: stocks.reduce((s, w) => s + w.reserve, 0) };
        await updateRecord({ account: auth.account, objectType: "offers", externalId: record.externalId, data, now, source: api });
      }
      return json({ status: true });
    },
  },
  {
    // price, purchase price, weight and sizes of offers, by id or SKU
    method: "PUT",
    path: "/v1/offers",
    handler: async ({ req, auth, ctx }) => {
      const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      const offers = await listRecords(auth.account.id, "offers");
      const targets = resolveOffers(body.offers, "offers", offers, errors, (item, at) => {
        for (const key of ["price", "purchased_price", "weight", "height", "length", "width"] as const) {
          if (item[key] === undefined) continue;
          if (typeof item[key] !== "number" || !Number.isFinite(item[key])) errors[`${at}.${key}`] = [`The ${at}.${key.replace("_", " ")} must be a number.`];
          else if (item[key] < 0) errors[`${at}.${key}`] = [`The ${at}.${key.replace("_", " ")} must be at least 0.`];
        }
      });
      if (Object.keys(errors).length > 0) return invalid(errors);
      const now = ctx.now();
      for (const { record, item } of targets) {
        const data = { ...record.data };
        for (const key of ["price", "purchased_price", "weight", "height", "length", "width"] as const) if (typeof item[key] === "number") data[key] = item[key];
        await updateRecord({ account: auth.account, objectType: "offers", externalId: record.externalId, data, now, source: api });
      }
      return json({ status: true });
    },
  },
];

/** The account's warehouses (KeyCRM → Storage): stock is kept per warehouse; an offer's quantity is their sum. */
export const WAREHOUSES = [
  { id: 1, title: "Основний склад" },
  { id: 2, title: "Склад Львів" },
] as const;

type WarehouseStock = { warehouse_id: number; quantity: number; reserve: number };

/** An offer's stock per warehouse (seeded offers without the list keep everything in the main warehouse). */
function warehouseStocks(data: SandboxData): WarehouseStock[] {
  if (Array.isArray(data.warehouse_stocks)) return data.warehouse_stocks as WarehouseStock[];
  return [{ warehouse_id: WAREHOUSES[0].id, quantity: Number(data.quantity ?? 0), reserve: Number(data.reserve ?? 0) }];
}

/**
 * The offers a stocks/offers write names: a non-empty array whose items each carry an id (`id`, or
 * `offer_id` as KeyCRM's prose calls it) or a `sku` of an existing offer of this account (Laravel's
 * `exists` rule: "The selected stocks.0.sku is invalid."). Errors go into `errors`; `check` adds the
 * item's own field rules.
 */
function resolveOffers(
  raw: unknown,
  name: string,
  offers: StoredRecord[],
  errors: Record<string, string[]>,
  check: (item: Record<string, unknown>, at: string) => void,
): { record: StoredRecord; item: Record<string, unknown> }[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    errors[name] = [`The ${name} field is required.`];
    return [];
  }
  const out: { record: StoredRecord; item: Record<string, unknown> }[] = [];
  raw.forEach((value, i) => {
    const at = `${name}.${i}`;
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      errors[at] = [`The ${at} must be an object.`];
      return;
    }
    const item = value as Record<string, unknown>;
    check(item, at);
    const id = item.id ?? item.offer_id;
    if ((id === undefined || id === null) && (item.sku === undefined || item.sku === null || item.sku === "")) {
      errors[`${at}.sku`] = [`The ${at}.sku field is required when ${at}.id is not present.`];
      return;
    }
    const record = id !== undefined && id !== null ? offers.find((o) => o.externalId === String(id)) : offers.find((o) => o.data.sku === item.sku);
    if (!record) {
      const key = id !== undefined && id !== null ? (item.id !== undefined ? "id" : "offer_id") : "sku";
      errors[`${at}.${key}`] = [`The selected ${at}.${key} is invalid.`];
      return;
    }
    out.push({ record, item });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// seeding and the panel

const buyerSpec: SandboxObjectSpec = {
  type: "buyers",
  label: "Buyers",
  fields: [
    { name: "full_name", label: "Full name" },
    { name: "email", label: "Email", type: "email" },
    { name: "phone", label: "Phone", type: "tel" },
    { name: "note", label: "Note" },
  ],
  seedCount: 150,
  newExternalId: (_a, n) => String(1000 + n),
  seed({ rng, index, now }) {
    const p = fakePerson(rng, index);
    const created = pastDate(rng, now, 365);
    const updated = new Date(created.getTime() + Math.floor(rng.next() * (now.getTime() - created.getTime())));
    const data: SandboxData = {
      full_name: `${p.firstName} ${p.lastName}`,
      birthday: null,
      email: [p.email],
      phone: [`+38050${String(1_000_000 + rng.int(0, 8_999_999)).slice(0, 7)}`],
      note: rng.chance(0.2) ? "Постійний клієнт" : null,
      company: rng.chance(0.3) ? { id: rng.int(1, 20), name: p.company } : null,
      manager: { id: rng.int(1, 4), full_name: rng.pick(["Олена Коваль", "Андрій Мельник", "Ірина Шевченко", "Максим Бондар"]) },
      custom_fields: rng.chance(0.4) ? [{ uuid: "CT_1001", value: rng.pick(["VIP", "Opt", "Retail"]) }] : [],
      created_at: toKeycrmDate(created),
      updated_at: toKeycrmDate(updated),
    };
    return { data, createdAt: created, updatedAt: updated };
  },
  summary: (d) => ({ title: String(d.full_name ?? ""), subtitle: ((d.email as string[] | undefined) ?? [])[0] ?? "" }),
  toForm: (d) => ({ full_name: String(d.full_name ?? ""), email: ((d.email as string[] | undefined) ?? []).join(", "), phone: ((d.phone as string[] | undefined) ?? []).join(", "), note: String(d.note ?? "") }),
  fromForm: (values, { existing, now }) => ({
    ...(existing ?? { birthday: null, created_at: toKeycrmDate(now) }),
    full_name: values.full_name ?? "",
    email: (values.email ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    phone: (values.phone ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    note: values.note || null,
    updated_at: toKeycrmDate(now),
  }),
};

const orderSpec: SandboxObjectSpec = {
  type: "orders",
  label: "Orders",
  fields: [
    { name: "status_id", label: "Status", type: "select", options: ORDER_STATUSES.map((s) => String(s.id)) },
    { name: "payment_status", label: "Payment status", type: "select", options: PAYMENT_STATUSES },
    { name: "manager_comment", label: "Manager comment" },
  ],
  seedCount: 120,
  newExternalId: (_a, n) => String(5000 + n),
  seed({ rng, index, now }) {
    const p = fakePerson(rng, index);
    const created = pastDate(rng, now, 180);
    const updated = new Date(created.getTime() + Math.floor(rng.next() * (now.getTime() - created.getTime())));
    const products = Array.from({ length: rng.int(1, 3) }, () => {
      const [name, price] = rng.pick(PRODUCTS);
      return { name, sku: `SKU-${PRODUCTS.findIndex((x) => x[0] === name) + 1}`, price, quantity: rng.int(1, 3) };
    });
    const total = products.reduce((s, x) => s + x.price * x.quantity, 0);
    const payment_status = rng.pick(PAYMENT_STATUSES);
    const data: SandboxData = {
      parent_id: null,
      source_uuid: `A-${10_000 + index}`,
      source_id: 1,
      status_id: rng.pick(ORDER_STATUSES).id,
      status_group_id: 1,
      grand_total: total,
      total_discount: 0,
      expenses_sum: 0,
      shipping_price: 0,
      payment_status,
      manager_comment: null,
      buyer: { id: 1000 + rng.int(1, 150), full_name: `${p.firstName} ${p.lastName}`, email: p.email, phone: `+38067${String(1_000_000 + rng.int(0, 8_999_999)).slice(0, 7)}` },
      products,
      shipping: mergeShipping(null, {
        delivery_service_id: rng.pick(DELIVERY_SERVICES).id,
        tracking_code: rng.chance(0.6) ? `204${String(rng.int(0, 999_999_999)).padStart(11, "0")}` : null,
        shipping_status: rng.pick(["pending", "sent", "delivered"]),
        shipping_address_city: rng.pick(["Київ", "Львів", "Одеса", "Дніпро"]),
        recipient_full_name: `${p.firstName} ${p.lastName}`,
      }),
      custom_fields: rng.chance(0.3) ? [{ uuid: "OR_1001", value: true }] : [],
      payments: payment_status === "paid" ? [{ id: index + 1, payment_method_id: 1, payment_method: { id: 1, name: "Картка" }, amount: total, status: "paid", payment_date: toKeycrmDate(created) }] : [],
      ordered_at: toKeycrmDate(created),
      created_at: toKeycrmDate(created),
      updated_at: toKeycrmDate(updated),
      closed_at: null,
    };
    return { data, createdAt: created, updatedAt: updated };
  },
  summary: (d) => ({ title: `${String(d.source_uuid ?? "")} · ${String(d.grand_total ?? "")} UAH`, subtitle: `${String((d.buyer as { full_name?: string } | null)?.full_name ?? "")} · ${String(d.payment_status ?? "")}` }),
  toForm: (d) => ({ status_id: String(d.status_id ?? ""), payment_status: String(d.payment_status ?? ""), manager_comment: String(d.manager_comment ?? "") }),
  fromForm: (values, { existing, now }) => ({
    ...(existing ?? { source_id: 1, grand_total: 0, products: [], payments: [], created_at: toKeycrmDate(now), ordered_at: toKeycrmDate(now) }),
    status_id: Number(values.status_id ?? 1),
    payment_status: values.payment_status ?? "not_paid",
    manager_comment: values.manager_comment || null,
    updated_at: toKeycrmDate(now),
  }),
};

const offerSpec: SandboxObjectSpec = {
  type: "offers",
  label: "Offers (stock and price)",
  fields: [
    { name: "price", label: "Price" },
    { name: "quantity", label: "Stock" },
  ],
  seedCount: 30,
  newExternalId: (_a, n) => String(300 + n),
  seed({ rng, index, now }) {
    const [name, price] = PRODUCTS[index % PRODUCTS.length]!;
    const data: SandboxData = {
      product_id: (index % PRODUCTS.length) + 1,
      sku: `SKU-${(index % PRODUCTS.length) + 1}-${Math.floor(index / PRODUCTS.length) + 1}`,
      barcode: null,
      price,
      purchased_price: Math.round(price * 0.6),
      quantity: rng.int(0, 80),
      reserve: rng.int(0, 5),
      product: { id: (index % PRODUCTS.length) + 1, name, currency_code: "UAH" },
    };
    return { data, createdAt: now, updatedAt: now };
  },
  summary: (d) => ({ title: String(d.sku ?? ""), subtitle: `${String(d.price ?? "")} UAH · stock ${String(d.quantity ?? 0)}` }),
  toForm: (d) => ({ price: String(d.price ?? ""), quantity: String(d.quantity ?? "") }),
  fromForm: (values, { existing }) => {
    // the panel edits the offer's total stock: the main warehouse takes the difference
    const base = existing ?? {};
    const others = warehouseStocks(base).filter((w) => w.warehouse_id !== WAREHOUSES[0].id);
    const main = warehouseStocks(base).find((w) => w.warehouse_id === WAREHOUSES[0].id);
    const total = Number(values.quantity ?? 0);
    const stocks = [{ warehouse_id: WAREHOUSES[0].id, quantity: Math.max(0, total - others.reduce((s, w) => s + w.quantity, 0)), reserve: main?.reserve ?? 0 }, ...others];
    return { ...base, price: Number(values.price ?? 0), warehouse_stocks: stocks, quantity: stocks.reduce((s, w) => s + w.quantity, 0) };
  },
};

export const keycrmSandbox: ProviderSandbox = {
  slug: SLUG,
  objects: [buyerSpec, orderSpec, offerSpec],
  newAccount: ({ key, rng }) => ({ name: `Sandbox shop (${key})`, externalId: rng.hex(10) }),
  faults: {
    rateLimited: (retryAfterSeconds) =>
      json({ message: "Too Many Attempts." }, 429, { "retry-after": String(retryAfterSeconds), "x-ratelimit-limit": String(PER_MINUTE), "x-ratelimit-remaining": "0" }),
    serverError: () => json({ message: "Server Error" }, 500),
  },
  handle: (req, ctx) =>
    serveApi(req, ctx, {
      routes,
      authenticate,
      faults: keycrmSandbox.faults,
      notFound: () => json({ message: "Not Found" }, 404),
      decorate: (res, auth) => {
        if (res.status === 429) return res; // the forced 429 carries its own exhausted window
        const used = countRequest(`keycrm:${auth.account.id}`, 60_000);
        return withHeaders(res, { "x-ratelimit-limit": String(PER_MINUTE), "x-ratelimit-remaining": String(Math.max(0, PER_MINUTE - used)) });
      },
    }),
  renderWebhooks({ subscription, changes }): RenderedDelivery[] {
    const wanted = new Set(subscription.events);
    const out: RenderedDelivery[] = [];
    for (const change of changes) {
      if (change.objectType !== "orders" || change.kind !== "updated") continue;
      const events: string[] = [];
      if (change.changedFields.includes("status_id")) events.push("order.change_order_status");
      if (change.changedFields.includes("payment_status")) events.push("order.change_payment_status");
      for (const event of events) {
        if (wanted.size > 0 && !wanted.has(event)) continue;
        const { buyer, products: _products, payments: _payments, ...fields } = change.data;
        const context = { id: Number(change.externalId), ...fields, client_id: (buyer as { id?: number } | null)?.id ?? null, global_source_uuid: fields.source_uuid ?? null };
        out.push({ headers: { "content-type": "application/json" }, body: JSON.stringify({ event, context }) });
      }
    }
    return out;
  },
};
