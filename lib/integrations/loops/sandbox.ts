// A faithful fake of the Loops.so API v1 under /sandbox/loops/api/v1: Bearer API key (401
// {"error":"Invalid API key"}), contacts create / update-as-upsert / find / delete with Loops' status
// codes and `{success,message}` bodies, custom properties, mailing lists, x-ratelimit-* headers (10 per
// second per team; a 429 carries them with remaining 0 and no Retry-After), custom properties listed and
// created, mailing lists, and Standard Webhooks deliveries to the account's one endpoint, signed here with
// node:crypto per the documented scheme (the verifier is tested against the `standardwebhooks` package and its vector).
import { createHmac, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { findSandboxAccountByApiKey } from "@/lib/integrations/sandbox/accounts";
import { fakePerson, pastDate } from "@/lib/integrations/sandbox/fake-people";
import { createRecord, deleteRecord, listRecords, nextExternalId, updateRecord } from "@/lib/integrations/sandbox/record-store";
import { secureRandom } from "@/lib/integrations/sandbox/secure-random";
import { loopsPropertyLabel } from "@/lib/integrations/loops/map";
import { createSandboxSubscription } from "@/lib/integrations/sandbox/webhook-emitter";
import type { ProviderSandbox, RenderedDelivery, SandboxAccount, SandboxChange, SandboxData, SandboxObjectSpec, StoredRecord } from "@/lib/integrations/sandbox/sandbox-types";
import { countRequest, json, readJson, serveApi, withHeaders, type ApiRoute } from "@/lib/integrations/sandbox/serve-api";

const SLUG = "loops";
const RATE_LIMIT = 10;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const SANDBOX_MAILING_LISTS = [
  { id: "cm0newsletter000000000001", name: "Newsletter", description: "Monthly product news", isPublic: true },
  { id: "cm0productupdates00000002", name: "Product updates", description: null, isPublic: false },
] as const;

const CUSTOM_PROPERTIES = [
  { key: "plan", label: "Plan", type: "string" },
  { key: "seats", label: "Seats", type: "number" },
  { key: "trialUser", label: "Trial user", type: "boolean" },
] as const;

const STANDARD_PROPERTIES = [
  { key: "firstName", label: "First Name", type: "string" },
  { key: "lastName", label: "Last Name", type: "string" },
  { key: "email", label: "Email", type: "string" },
  { key: "notes", label: "Notes", type: "string" },
  { key: "source", label: "Source", type: "string" },
  { key: "subscribed", label: "Subscribed", type: "boolean" },
  { key: "userGroup", label: "User Group", type: "string" },
  { key: "userId", label: "User Id", type: "string" },
  { key: "createdAt", label: "Created At", type: "date" },
] as const;

const PROPERTY_TYPES = ["string", "number", "boolean", "date"];

/** Custom properties added through the API (the seeded ones are CUSTOM_PROPERTIES). */
async function createdProperties(accountId: string): Promise<{ key: string; label: string; type: string }[]> {
  const rows = await listRecords(accountId, "properties");
  return rows.map((r) => ({ key: String(r.data.key), label: String(r.data.label), type: String(r.data.type) }));
}

const fail = (status: number, message: string) => json({ success: false, message }, status);
const invalidKey = () => json({ error: "Invalid API key" }, 401);

type Auth = { account: SandboxAccount };

async function authenticate(req: Request): Promise<Auth | Response> {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) return invalidKey();
  const account = await findSandboxAccountByApiKey(SLUG, m[1]!);
  return account ? { account } : invalidKey();
}

function publicContact(r: StoredRecord): SandboxData {
  return { ...r.data, id: r.externalId };
}

async function findBy(accountId: string, key: "email" | "userId", value: string): Promise<StoredRecord | null> {
  const all = await listRecords(accountId, "contacts");
  return all.find((r) => (key === "email" ? String(r.data.email ?? "").toLowerCase() === value.toLowerCase() : r.data.userId === value)) ?? null;
}

/** Validate a create/update body the way Loops does; returns the fields to store or an error response. */
function readBody(body: unknown): SandboxData | Response {
  if (!body || typeof body !== "object" || Array.isArray(body)) return fail(400, "Invalid request body.");
  const out: SandboxData = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === "id" || key === "optInStatus") continue;
    if (key === "mailingLists") {
      if (!value || typeof value !== "object" || Array.isArray(value)) return fail(400, "mailingLists must be an object.");
      const known = new Set<string>(SANDBOX_MAILING_LISTS.map((l) => l.id));
      for (const id of Object.keys(value)) if (!known.has(id)) return fail(400, `Mailing list ${id} not found.`);
      out.mailingLists = value;
      continue;
    }
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) return fail(400, `Invalid value for ${key}.`);
    if (typeof value === "string" && value.length > 500) return fail(400, `Value for ${key} is longer than 500 characters.`);
    if (key === "subscribed" && typeof value !== "boolean") return fail(400, "subscribed must be a boolean.");
    out[key] = value;
  }
  if (out.email !== undefined && (typeof out.email !== "string" || !EMAIL_RE.test(out.email))) return fail(400, "Invalid email address.");
  return out;
}

function newContact(fields: SandboxData): SandboxData {
  return {
    email: "",
    firstName: null,
    lastName: null,
    source: "API",
    subscribed: true,
    userGroup: "",
    userId: null,
    mailingLists: {},
    optInStatus: null,
    ...fields,
  };
}

const routes: ApiRoute<Auth>[] = [
  {
    method: "GET",
    path: "/api/v1/api-key",
    handler: async ({ auth }) => json({ success: true, teamName: auth.account.name }),
  },
  {
    method: "POST",
    path: "/api/v1/contacts/create",
    handler: async ({ req, auth, ctx }) => {
      const fields = readBody(await readJson(req));
      if (fields instanceof Response) return fields;
      if (typeof fields.email !== "string") return fail(400, "Invalid email address.");
      if ((await findBy(auth.account.id, "email", fields.email)) || (typeof fields.userId === "string" && (await findBy(auth.account.id, "userId", fields.userId)))) {
        return fail(409, "Email or `userId` already exists.");
      }
      const id = await nextExternalId(auth.account, contactSpec);
      await createRecord({ account: auth.account, objectType: "contacts", externalId: id, data: newContact(fields), now: ctx.now(), source: { kind: "api", appId: null } });
      return json({ success: true, id });
    },
  },
  {
    method: "PUT",
    path: "/api/v1/contacts/update",
    handler: async ({ req, auth, ctx }) => {
      const fields = readBody(await readJson(req));
      if (fields instanceof Response) return fields;
      const email = typeof fields.email === "string" ? fields.email : null;
      const userId = typeof fields.userId === "string" && fields.userId !== "" ? fields.userId : null;
      if (!email && !userId) return fail(400, "You must provide an `email` or `userId` value.");
      // userId wins when both are given: that is how an e-mail address gets changed
      const existing = (userId ? await findBy(auth.account.id, "userId", userId) : null) ?? (email ? await findBy(auth.account.id, "email", email) : null);
      const now = ctx.now();
      if (existing) {
        if (email && String(existing.data.email).toLowerCase() !== email.toLowerCase()) {
          const clash = await findBy(auth.account.id, "email", email);
          if (clash && clash.externalId !== existing.externalId) return fail(409, "Email already exists.");
        }
        const mailingLists = { ...((existing.data.mailingLists as Record<string, boolean>) ?? {}), ...((fields.mailingLists as Record<string, boolean>) ?? {}) };
        await updateRecord({ account: auth.account, objectType: "contacts", externalId: existing.externalId, data: { ...existing.data, ...fields, mailingLists }, now, source: { kind: "api", appId: null } });
        return json({ success: true, id: existing.externalId });
      }
      if (!email) return fail(400, "An `email` is required to create a contact.");
      const id = await nextExternalId(auth.account, contactSpec);
      await createRecord({ account: auth.account, objectType: "contacts", externalId: id, data: newContact(fields), now, source: { kind: "api", appId: null } });
      return json({ success: true, id });
    },
  },
  {
    method: "GET",
    path: "/api/v1/contacts/find",
    handler: async ({ url, auth }) => {
      const email = url.searchParams.get("email");
      const userId = url.searchParams.get("userId");
      if ((email === null) === (userId === null)) return fail(400, "Provide either `email` or `userId`, not both.");
      if (email !== null && !EMAIL_RE.test(email)) return fail(400, "Invalid email address.");
      const found = email !== null ? await findBy(auth.account.id, "email", email) : await findBy(auth.account.id, "userId", userId!);
      return json(found ? [publicContact(found)] : []);
    },
  },
  {
    method: "POST",
    path: "/api/v1/contacts/delete",
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { email?: unknown; userId?: unknown } | null;
      const hasEmail = typeof body?.email === "string";
      const hasUserId = typeof body?.userId === "string";
      if (hasEmail === hasUserId) return fail(400, "Provide either `email` or `userId`.");
      const found = hasEmail ? await findBy(auth.account.id, "email", String(body!.email)) : await findBy(auth.account.id, "userId", String(body!.userId));
      if (!found) return fail(404, "Contact not found.");
      await deleteRecord({ account: auth.account, objectType: "contacts", externalId: found.externalId, now: ctx.now(), source: { kind: "api", appId: null } });
      return json({ success: true, message: "Contact deleted." });
    },
  },
  {
    method: "GET",
    path: "/api/v1/contacts/properties",
    handler: async ({ url, auth }) => {
      const list = url.searchParams.get("list") ?? "all";
      if (list !== "all" && list !== "custom") return fail(400, "list must be `all` or `custom`.");
      const custom = [...CUSTOM_PROPERTIES, ...(await createdProperties(auth.account.id))];
      return json(list === "custom" ? custom : [...STANDARD_PROPERTIES, ...custom]);
    },
  },
  {
    method: "POST",
    path: "/api/v1/contacts/properties",
    handler: async ({ req, auth, ctx }) => {
      const body = (await readJson(req)) as { name?: unknown; type?: unknown } | null;
      const name = typeof body?.name === "string" ? body.name : "";
      if (!/^[a-z][A-Za-z0-9]*$/.test(name)) return fail(400, "Property name must be camelCase letters and digits.");
      if (typeof body?.type !== "string" || !PROPERTY_TYPES.includes(body.type)) return fail(400, `Property type must be one of ${PROPERTY_TYPES.join(", ")}.`);
      const taken = [...STANDARD_PROPERTIES, ...CUSTOM_PROPERTIES, ...(await createdProperties(auth.account.id))].some((p) => p.key.toLowerCase() === name.toLowerCase());
      if (taken) return fail(400, "A property with this name already exists.");
      const label = loopsPropertyLabel(name);
      await createRecord({ account: auth.account, objectType: "properties", externalId: name, data: { key: name, label, type: body.type }, now: ctx.now(), source: { kind: "api", appId: null } });
      return json({ success: true });
    },
  },
  { method: "GET", path: "/api/v1/lists", handler: async () => json(SANDBOX_MAILING_LISTS) },
];

// ---------------------------------------------------------------------------------------------------
// webhooks: Standard Webhooks, one event per delivery

function eventsFor(change: SandboxChange): { eventName: string; extra?: Record<string, unknown> }[] {
  if (change.objectType !== "contacts") return [];
  if (change.kind === "created") return [{ eventName: "contact.created" }];
  if (change.kind === "deleted") return [{ eventName: "contact.deleted" }];
  const out: { eventName: string; extra?: Record<string, unknown> }[] = [];
  if (change.previous?.subscribed === true && change.data.subscribed === false) out.push({ eventName: "contact.unsubscribed" });
  const before = (change.previous?.mailingLists ?? {}) as Record<string, boolean>;
  const after = (change.data.mailingLists ?? {}) as Record<string, boolean>;
  for (const list of SANDBOX_MAILING_LISTS) {
    if (!!before[list.id] === !!after[list.id]) continue;
    out.push({
      eventName: after[list.id] ? "contact.mailingList.subscribed" : "contact.mailingList.unsubscribed",
      extra: { mailingList: { id: list.id, name: list.name, description: list.description, isPublic: list.isPublic } },
    });
  }
  // Loops sends no event for other contact edits
  return out;
}

/** Standard Webhooks signature, computed from the documented scheme: base64 HMAC-SHA256 of "id.timestamp.body" keyed by the whsec_ secret's bytes. */
export function loopsSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

export function renderLoopsDelivery(secret: string, payload: unknown, now: Date): RenderedDelivery {
  const id = `msg_${randomBytes(12).toString("base64url")}`;
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": loopsSignature(secret, id, timestamp, body) },
    body,
  };
}

/** A new signing secret as Loops shows it: `whsec_` + base64 of 24 random bytes (node:crypto). */
export function newLoopsSigningSecret(): string {
  return `whsec_${Buffer.from(secureRandom.hex(24), "hex").toString("base64")}`;
}

/**
 * Set the account's webhook endpoint, as Loops' Settings → Webhooks does: one endpoint per account (any
 * previous one is replaced) with a fresh signing secret, returned so the workspace can paste it into a
 * connection. `events` empty = every event. For the sandbox panel (lib/integrations/sandbox/panel.ts).
 */
export async function setLoopsWebhookEndpoint(input: { accountId: string; url: string; events?: readonly string[] }): Promise<{ subscriptionId: string; signingSecret: string }> {
  const url = new URL(input.url);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AppError("VALIDATION_FAILED", "The endpoint must be an http(s) URL.");
  const signingSecret = newLoopsSigningSecret();
  await db.sandboxWebhookSubscription.deleteMany({ where: { provider: SLUG, accountId: input.accountId } });
  const sub = await createSandboxSubscription({ provider: SLUG, accountId: input.accountId, url: url.toString(), secret: signingSecret, events: [...(input.events ?? [])] });
  return { subscriptionId: sub.id, signingSecret };
}

// ---------------------------------------------------------------------------------------------------
// seeding and the panel

const contactSpec: SandboxObjectSpec = {
  type: "contacts",
  label: "Contacts",
  fields: [
    { name: "email", label: "Email", type: "email" },
    { name: "firstName", label: "First name" },
    { name: "lastName", label: "Last name" },
    { name: "userGroup", label: "User group" },
    { name: "plan", label: "Plan (custom property)" },
    { name: "subscribed", label: "Subscribed", type: "checkbox" },
  ],
  seedCount: 200,
  newExternalId: (account, n) => `cm${account.externalId.slice(0, 6)}${n.toString(36).padStart(17, "0")}`.slice(0, 25),
  seed({ rng, index, now }) {
    const person = fakePerson(rng, index);
    const created = pastDate(rng, now, 300);
    const mailingLists: Record<string, boolean> = {};
    if (rng.chance(0.6)) mailingLists[SANDBOX_MAILING_LISTS[0].id] = true;
    if (rng.chance(0.3)) mailingLists[SANDBOX_MAILING_LISTS[1].id] = true;
    const data: SandboxData = {
      email: person.email,
      firstName: person.firstName,
      lastName: rng.chance(0.9) ? person.lastName : null,
      source: rng.pick(["API", "Form", "Signup", "Import"]),
      subscribed: rng.chance(0.9),
      userGroup: rng.pick(["", "", "beta", "customers"]),
      userId: rng.chance(0.5) ? `usr_${rng.hex(10)}` : null,
      mailingLists,
      optInStatus: rng.pick(["accepted", "accepted", null]),
      plan: rng.pick(["free", "starter", "pro"]),
      seats: rng.int(1, 40),
    };
    return { data, createdAt: created, updatedAt: created };
  },
  summary: (d) => ({ title: [d.firstName, d.lastName].filter(Boolean).join(" ") || String(d.email ?? ""), subtitle: String(d.email ?? "") }),
  toForm: (d) => ({
    email: String(d.email ?? ""),
    firstName: String(d.firstName ?? ""),
    lastName: String(d.lastName ?? ""),
    userGroup: String(d.userGroup ?? ""),
    plan: String(d.plan ?? ""),
    subscribed: d.subscribed === false ? "" : "on",
  }),
  fromForm: (values, { existing }) => ({
    ...newContact({}),
    ...(existing ?? {}),
    email: values.email ?? "",
    firstName: values.firstName || null,
    lastName: values.lastName || null,
    userGroup: values.userGroup ?? "",
    plan: values.plan || null,
    subscribed: values.subscribed === "on" || values.subscribed === "true",
    ...(existing ? {} : { source: "Loops dashboard" }),
  }),
};

export const loopsSandbox: ProviderSandbox = {
  slug: SLUG,
  objects: [contactSpec],
  newAccount: ({ key, rng }) => ({ name: `Sandbox team (${key})`, externalId: rng.hex(12) }),
  panelWebhookEndpoint: setLoopsWebhookEndpoint,
  faults: {
    rateLimited: () =>
      // Loops sends its two rate-limit headers with a 429, the window exhausted, and no Retry-After
      json({ success: false, message: `Rate limit of ${RATE_LIMIT} requests per second exceeded.` }, 429, {
        "x-ratelimit-limit": String(RATE_LIMIT),
        "x-ratelimit-remaining": "0",
      }),
    serverError: () => json({ success: false, message: "Internal server error." }, 500),
  },
  handle: (req, ctx) =>
    serveApi(req, ctx, {
      routes,
      authenticate,
      faults: loopsSandbox.faults,
      notFound: () => fail(404, "Not found."),
      decorate: (res, auth) => {
        if (res.status === 429) return res; // the forced 429 carries its own (exhausted) window
        const used = countRequest(`loops:${auth.account.id}`, 1_000);
        return withHeaders(res, { "x-ratelimit-limit": String(RATE_LIMIT), "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - used)) });
      },
    }),
  renderWebhooks({ subscription, changes, now }): RenderedDelivery[] {
    if (!subscription.secret) return [];
    const wanted = new Set(subscription.events);
    const out: RenderedDelivery[] = [];
    for (const change of changes) {
      for (const { eventName, extra } of eventsFor(change)) {
        if (wanted.size > 0 && !wanted.has(eventName)) continue;
        const contact = { ...change.data, id: change.externalId };
        const payload = {
          eventName,
          eventTime: Math.floor(change.occurredAt.getTime() / 1000),
          webhookSchemaVersion: "1.0.0",
          contactIdentity: { id: change.externalId, email: change.data.email ?? null, userId: change.data.userId ?? null },
          ...(eventName === "contact.created" ? { contact } : {}),
          ...extra,
        };
        out.push(renderLoopsDelivery(subscription.secret, payload, now));
      }
    }
    return out;
  },
};
