// ActiveCampaign API v3 on lib/http. The account URL comes from config, the key goes in `Api-Token`.
// Tags, custom field values and list memberships live in their own resources, so writes are a
// contact call followed by the tag / list calls needed to reach the hub's state.
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type {
  ConnectionContext,
  ContactsApi,
  ListChangedSinceInput,
  Page,
  ProviderClient,
  VerifiedAccount,
} from "@/lib/integrations/types";
import type { HubContact, RemoteContact } from "@/lib/records/hub-contact";
import { classifyActiveCampaignError } from "./errors";
import {
  acContactListSchema,
  acContactSchema,
  acFieldSchema,
  acFieldValueSchema,
  fromActiveCampaign,
  toActiveCampaign,
  type AcContact,
  type AcField,
} from "./map";
import { subscribedEvents } from "./webhook";
import { withUrlSecret } from "@/lib/integrations/url-secret";

export const AC_PAGE_MAX = 100;

const meta = z.looseObject({ total: z.coerce.number() }).optional();
const contactEnvelope = z.looseObject({
  contact: acContactSchema,
  fieldValues: z.array(acFieldValueSchema).optional(),
  contactTags: z.array(z.looseObject({ id: z.coerce.string(), tag: z.coerce.string() })).optional(),
  contactLists: z.array(acContactListSchema).optional(),
});
const contactList = z.looseObject({ contacts: z.array(acContactSchema), meta });
const tagSchema = z.looseObject({ id: z.coerce.string(), tag: z.string() });
const tagList = z.looseObject({ tags: z.array(tagSchema), meta });
const fieldList = z.looseObject({ fields: z.array(acFieldSchema), meta });
const contactTagList = z.looseObject({ contactTags: z.array(z.looseObject({ id: z.coerce.string(), tag: z.coerce.string() })) });
const userMe = z.looseObject({ user: z.looseObject({ id: z.coerce.string(), username: z.string().optional(), email: z.string().optional() }) });
const webhookEnvelope = z.looseObject({ webhook: z.looseObject({ id: z.coerce.string() }) });

export type ActiveCampaignClient = ProviderClient & { contacts: ContactsApi };

/** The account part of `https://<account>.api-us1.com`. */
export function accountNameFromUrl(accountUrl: string): string {
  try {
    return new URL(accountUrl).hostname.split(".")[0] ?? accountUrl;
  } catch {
    return accountUrl;
  }
}

export function createActiveCampaignClient(ctx: ConnectionContext): ActiveCampaignClient {
  const token = ctx.credentials["apiToken"];
  const http: HttpClient = ctx.http.with({
    baseUrl: ctx.baseUrl,
    classify: classifyActiveCampaignError,
    defaultRetryAfterMs: 1_000,
    ...(typeof token === "string" ? { defaultHeaders: { "Api-Token": token }, secrets: () => [token] } : {}),
  });
  const listId = typeof ctx.config["listId"] === "string" && ctx.config["listId"] !== "" ? (ctx.config["listId"] as string) : null;

  function call(req: HttpRequest): Promise<HttpResponse> {
    if (typeof token !== "string" || token === "") throw new AppError("INVALID_CREDENTIALS", "Missing ActiveCampaign API token.");
    return http.request(req);
  }

  // Tag and field definitions change rarely; one load per client (a client lives for one job run).
  let fieldDefs: Promise<AcField[]> | null = null;

  async function loadAll<T>(path: string, key: "fields" | "tags", schema: z.ZodType<{ meta?: { total: number } | undefined } & Record<string, unknown>>): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += AC_PAGE_MAX) {
      const body = (await call({ url: path, query: { limit: AC_PAGE_MAX, offset }, operation: `${key}.list` })).parse(schema);
      const items = body[key] as T[];
      out.push(...items);
      if (items.length < AC_PAGE_MAX || out.length >= (body.meta?.total ?? 0)) return out;
    }
  }
  const getFieldDefs = () => (fieldDefs ??= loadAll<AcField>("/fields", "fields", fieldList));
  type TagIndex = { byName: Map<string, string>; byId: Map<string, string> };
  let tagIndex: Promise<TagIndex> | null = null;
  const getTags = () =>
    (tagIndex ??= loadAll<z.infer<typeof tagSchema>>("/tags", "tags", tagList).then((tags) => ({
      byName: new Map(tags.map((t) => [t.tag.toLowerCase(), t.id])),
      byId: new Map(tags.map((t) => [t.id, t.tag])),
    })));

  async function getBundle(id: string): Promise<RemoteContact | null> {
    const res = await call({ url: `/contacts/${encodeURIComponent(id)}`, accept: [404], operation: "contacts.get" });
    if (res.status === 404) return null;
    const body = res.parse(contactEnvelope);
    const names = (await getTags()).byId;
    return fromActiveCampaign({
      contact: body.contact,
      fieldValues: body.fieldValues ?? [],
      fieldDefs: await getFieldDefs(),
      tags: (body.contactTags ?? []).map((ct) => names.get(ct.tag) ?? ct.tag),
      ...(listId ? { contactLists: (body.contactLists ?? []).filter((l) => l.list === listId) } : {}),
    });
  }

  async function findIdByEmail(email: string): Promise<string | null> {
    const body = (await call({ url: "/contacts", query: { email }, operation: "contacts.search" })).parse(contactList);
    const match = body.contacts.find((c) => c.email?.toLowerCase() === email.toLowerCase());
    return match?.id ?? null;
  }

  async function ensureTagId(name: string): Promise<string> {
    const index = await getTags();
    const known = index.byName.get(name.toLowerCase());
    if (known) return known;
    const res = await call({
      method: "POST",
      url: "/tags",
      json: { tag: { tag: name, tagType: "contact", description: "" } },
      operation: "tags.create",
    });
    const created = res.parse(z.looseObject({ tag: tagSchema })).tag;
    index.byName.set(name.toLowerCase(), created.id);
    index.byId.set(created.id, created.tag);
    return created.id;
  }

  /** Make the contact's tags exactly `tags` (case-insensitive). */
  async function syncTags(contactId: string, tags: readonly string[]): Promise<void> {
    const current = (await call({ url: `/contacts/${contactId}/contactTags`, operation: "contactTags.list" })).parse(contactTagList).contactTags;
    const wanted = new Map<string, string>();
    for (const name of tags) wanted.set(await ensureTagId(name), name);
    const have = new Set(current.map((ct) => ct.tag));
    for (const [tagId] of wanted) {
      if (!have.has(tagId)) {
        await call({ method: "POST", url: "/contactTags", json: { contactTag: { contact: contactId, tag: tagId } }, operation: "contactTags.add" });
      }
    }
    for (const ct of current) {
      if (!wanted.has(ct.tag)) {
        await call({ method: "DELETE", url: `/contactTags/${ct.id}`, accept: [404], operation: "contactTags.remove" });
      }
    }
  }

  async function afterWrite(contactId: string, fields: HubContact, tags: string[] | undefined): Promise<RemoteContact> {
    if (tags) await syncTags(contactId, tags);
    if (listId && fields.subscribed !== undefined && fields.subscribed !== null) {
      await call({
        method: "POST",
        url: "/contactLists",
        json: { contactList: { list: listId, contact: contactId, status: fields.subscribed ? 1 : 2 } },
        operation: "contactLists.set",
      });
    }
    const fresh = await getBundle(contactId);
    if (!fresh) throw new AppError("PROVIDER_NOT_FOUND", `ActiveCampaign contact ${contactId} vanished after a write.`);
    return fresh;
  }

  const writeBody = async (fields: HubContact) => toActiveCampaign(fields, fields.customFields ? await getFieldDefs() : []);

  const contacts: ContactsApi = {
    get: (id) => getBundle(id),

    async searchByEmail(email) {
      const id = await findIdByEmail(email);
      return id ? getBundle(id) : null;
    },

    async listChangedSince({ since, cursor, limit }: ListChangedSinceInput): Promise<Page<RemoteContact>> {
      const size = Math.min(Math.max(limit ?? AC_PAGE_MAX, 1), AC_PAGE_MAX);
      const offset = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
      const query: Record<string, string | number> = { limit: size, offset, "orders[udate]": "ASC" };
      if (since) query["filters[updated_after]"] = since;
      const body = (await call({ url: "/contacts", query, operation: "contacts.list" })).parse(contactList);
      // The list carries the contact itself only; tags and custom fields come with get() and webhooks.
      const items = body.contacts.map((c: AcContact) => fromActiveCampaign({ contact: c }));
      const total = body.meta?.total ?? 0;
      const next = body.contacts.length === size && offset + size < total ? String(offset + size) : null;
      return { items, nextCursor: next };
    },

    async create(fields) {
      if (!fields.email) throw new AppError("VALIDATION_FAILED", "ActiveCampaign contacts need an e-mail address.");
      const plan = await writeBody(fields);
      const body = (await call({ method: "POST", url: "/contacts", json: plan.body, operation: "contacts.create" })).parse(contactEnvelope);
      return afterWrite(body.contact.id, fields, plan.tags);
    },

    async update(id, fields) {
      const plan = await writeBody(fields);
      const body = (await call({ method: "PUT", url: `/contacts/${encodeURIComponent(id)}`, json: plan.body, operation: "contacts.update" })).parse(
        contactEnvelope,
      );
      return afterWrite(body.contact.id, fields, plan.tags);
    },

    async upsert(fields) {
      if (!fields.email) throw new AppError("VALIDATION_FAILED", "ActiveCampaign matches contacts by e-mail; the contact has none.");
      const plan = await writeBody(fields);
      const body = (await call({ method: "POST", url: "/contact/sync", json: plan.body, operation: "contacts.sync" })).parse(contactEnvelope);
      // contact/sync does not say whether it created; a new contact has identical cdate and udate
      const created = !!body.contact.cdate && body.contact.cdate === body.contact.udate;
      return { contact: await afterWrite(body.contact.id, fields, plan.tags), created };
    },

    async delete(id) {
      // deleting what is already gone is success: the goal state holds
      await call({ method: "DELETE", url: `/contacts/${encodeURIComponent(id)}`, accept: [404], operation: "contacts.delete" });
    },
  };

  return {
    async verifyCredentials(): Promise<VerifiedAccount> {
      try {
        const me = (await call({ url: "/users/me", operation: "users.me" })).parse(userMe);
        const accountUrl = typeof ctx.config["accountUrl"] === "string" ? (ctx.config["accountUrl"] as string) : ctx.baseUrl;
        return {
          accountId: accountNameFromUrl(accountUrl),
          accountName: accountNameFromUrl(accountUrl),
          metadata: { userId: me.user.id, ...(me.user.username ? { username: me.user.username } : {}) },
        };
      } catch (err) {
        if (isAppError(err) && err.code === "PROVIDER_NOT_FOUND") {
          throw new AppError("INVALID_CREDENTIALS", "The ActiveCampaign account URL does not point at an ActiveCampaign API.");
        }
        throw err;
      }
    },
    contacts,
    webhooks: {
      async register({ targetUrl, secret }) {
        const url = withUrlSecret(targetUrl, secret);
        const res = await call({
          method: "POST",
          url: "/webhooks",
          json: { webhook: { name: "Switchboard", url, events: [...subscribedEvents], sources: ["public", "admin", "api", "system"], listid: 0 } },
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
