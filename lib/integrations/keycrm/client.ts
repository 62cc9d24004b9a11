// KeyCRM (openapi.keycrm.app/v1) on lib/http: Bearer API key; buyers as contacts, orders with statuses
// and payments, offers with stock and price. KeyCRM has no upsert and no buyer deletion: upsert is a
// lookup by e-mail, then POST or PUT.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ConnectionContext, ContactsApi, ListChangedSinceInput, Page, ProviderClientV1, RecordsApi, VerifiedAccount } from "@/lib/integrations/types";
import type { RemoteContact } from "@/lib/records/hub-contact";
import {
  fromKeycrmBuyer,
  fromKeycrmOffer,
  fromKeycrmOrder,
  keycrmBuyerSchema,
  keycrmOfferSchema,
  keycrmOrderSchema,
  toKeycrmBuyer,
  toKeycrmDate,
  type KeycrmOfferView,
  type KeycrmOrderView,
} from "./map";

export const KEYCRM_PAGE_MAX = 50;
const BUYER_INCLUDE = "company,manager,custom_fields";
const ORDER_INCLUDE = "buyer,products.offer,payments,status";

const paginated = <T extends z.ZodType>(item: T) =>
  z.looseObject({ total: z.coerce.number(), current_page: z.coerce.number(), per_page: z.coerce.number(), data: z.array(item), next_page_url: z.string().nullable().optional() });

/** The list cursor: the page to fetch and the fixed upper bound of the window being paged. */
const cursorSchema = z.object({ page: z.number().int().min(1), to: z.string() });
const encodeCursor = (c: z.infer<typeof cursorSchema>) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(raw: string | null): z.infer<typeof cursorSchema> | null {
  if (!raw) return null;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new AppError("BAD_REQUEST", "The KeyCRM page cursor is not valid.");
  }
}

export type KeycrmClient = ProviderClientV1 & {
  contacts: ContactsApi;
  objects: { orders: RecordsApi<KeycrmOrderView>; offers: RecordsApi<KeycrmOfferView> };
};

export function createKeycrmClient(ctx: ConnectionContext): KeycrmClient {
  const key = ctx.credentials["apiKey"];
  const http: HttpClient = ctx.http.with({
    baseUrl: ctx.baseUrl,
    defaultRetryAfterMs: 60_000,
    ...(typeof key === "string" ? { defaultHeaders: { authorization: `Bearer ${key}`, accept: "application/json" }, secrets: () => [key] } : {}),
  });
  function call(req: HttpRequest): Promise<HttpResponse> {
    if (typeof key !== "string" || key === "") throw new AppError("INVALID_CREDENTIALS", "Missing KeyCRM API key.");
    return http.request(req);
  }

  /** One page of a `filter[updated_between]` window, oldest change first. */
  async function listWindow<T>(path: string, include: string, item: z.ZodType<T>, input: ListChangedSinceInput, dated = true) {
    const cursor = decodeCursor(input.cursor);
    const to = cursor?.to ?? toKeycrmDate(new Date(ctx.now().getTime() + 60_000));
    const page = cursor?.page ?? 1;
    const limit = Math.min(Math.max(input.limit ?? KEYCRM_PAGE_MAX, 1), KEYCRM_PAGE_MAX);
    const query: Record<string, string | number> = { limit, page, include };
    if (dated) {
      query.sort = "updated_at";
      query["filter[updated_between]"] = `${toKeycrmDate(input.since ?? "1970-01-01T00:00:00Z")}, ${to}`;
    }
    const body = (await call({ url: path, query, operation: `${path.slice(1)}.list` })).parse(paginated(item));
    const more = body.current_page * body.per_page < body.total && body.data.length > 0;
    return { data: body.data, nextCursor: more ? encodeCursor({ page: page + 1, to }) : null };
  }

  async function getBuyer(id: string) {
    const res = await call({ url: `/buyer/${encodeURIComponent(id)}`, query: { include: BUYER_INCLUDE }, accept: [404], operation: "buyer.get" });
    return res.status === 404 ? null : res.parse(keycrmBuyerSchema);
  }

  async function findBuyer(email: string) {
    const body = (await call({ url: "/buyer", query: { "filter[buyer_email]": email, include: BUYER_INCLUDE, limit: 1 }, operation: "buyer.search" })).parse(
      paginated(keycrmBuyerSchema),
    );
    return body.data[0] ?? null;
  }

  async function reread(id: string): Promise<RemoteContact> {
    const buyer = await getBuyer(id);
    if (!buyer) throw new AppError("PROVIDER_NOT_FOUND", `KeyCRM buyer ${id} vanished after a write.`);
    return fromKeycrmBuyer(buyer);
  }

  const idOf = z.looseObject({ id: z.coerce.string() });

  const contacts: ContactsApi = {
    async get(id) {
      const buyer = await getBuyer(id);
      return buyer ? fromKeycrmBuyer(buyer) : null;
    },
    async searchByEmail(email) {
      const buyer = await findBuyer(email);
      return buyer ? fromKeycrmBuyer(buyer) : null;
    },
    async listChangedSince(input): Promise<Page<RemoteContact>> {
      const page = await listWindow("/buyer", BUYER_INCLUDE, keycrmBuyerSchema, input);
      return { items: page.data.map(fromKeycrmBuyer), nextCursor: page.nextCursor };
    },
    async create(fields) {
      const res = await call({ method: "POST", url: "/buyer", json: toKeycrmBuyer(fields), operation: "buyer.create" });
      return reread(res.parse(idOf).id);
    },
    async update(id, fields) {
      const existing = await getBuyer(id);
      if (!existing) throw new AppError("PROVIDER_NOT_FOUND", `KeyCRM buyer ${id} does not exist.`, { provider: "keycrm", status: 404 });
      await call({ method: "PUT", url: `/buyer/${encodeURIComponent(id)}`, json: toKeycrmBuyer(fields, existing), operation: "buyer.update" });
      return reread(id);
    },
    async upsert(fields) {
      const existing = fields.email ? await findBuyer(fields.email) : null;
      if (existing) return { contact: await contacts.update(existing.id, fields), created: false };
      return { contact: await contacts.create(fields), created: true };
    },
    async delete(id) {
      throw new AppError("BAD_REQUEST", `KeyCRM's API cannot delete buyers (buyer ${id}).`, { provider: "keycrm", unsupported: true });
    },
  };

  const orders: RecordsApi<KeycrmOrderView> = {
    async get(id) {
      const res = await call({ url: `/order/${encodeURIComponent(id)}`, query: { include: ORDER_INCLUDE }, accept: [404], operation: "order.get" });
      return res.status === 404 ? null : fromKeycrmOrder(res.parse(keycrmOrderSchema));
    },
    async listChangedSince(input) {
      const page = await listWindow("/order", ORDER_INCLUDE, keycrmOrderSchema, input);
      return { items: page.data.map(fromKeycrmOrder), nextCursor: page.nextCursor };
    },
  };

  const offers: RecordsApi<KeycrmOfferView> = {
    // offers have no change-time filter: every pull walks them all (stock and price are what change)
    async listChangedSince(input) {
      const page = await listWindow("/offers", "product", keycrmOfferSchema, { ...input, since: null }, false);
      return { items: page.data.map((o) => fromKeycrmOffer(o)), nextCursor: page.nextCursor };
    },
  };

  return {
    async verifyCredentials(): Promise<VerifiedAccount> {
      await call({ url: "/buyer", query: { limit: 1 }, operation: "buyer.verify" });
      // KeyCRM exposes no account endpoint; the key's fingerprint stands for the account
      const fingerprint = createHash("sha256").update(String(key)).digest("hex").slice(0, 12);
      return { accountId: `key-${fingerprint}` };
    },
    contacts,
    objects: { orders, offers },
  };
}
