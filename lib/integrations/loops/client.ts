// Loops.so API v1 on lib/http: Bearer API key; contacts create / update (which upserts) / find / delete.
// Loops has no list endpoint and no "modified since" query, so pulls rely on webhooks.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HttpClient, HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { ConnectionContext, ContactsApi, ProviderClientV1, VerifiedAccount } from "@/lib/integrations/types";
import type { RemoteContact } from "@/lib/records/hub-contact";
import { fromLoops, loopsContactSchema, toLoops } from "./map";

const writeResult = z.looseObject({ success: z.literal(true), id: z.string() });
const apiKeyResult = z.looseObject({ success: z.literal(true), teamName: z.string() });

const unsupported = (message: string) => new AppError("BAD_REQUEST", message, { provider: "loops", unsupported: true });

export type LoopsClient = ProviderClientV1 & { contacts: ContactsApi };

export function createLoopsClient(ctx: ConnectionContext): LoopsClient {
  const key = ctx.credentials["apiKey"];
  const http: HttpClient = ctx.http.with({
    baseUrl: ctx.baseUrl,
    defaultRetryAfterMs: 1_000,
    ...(typeof key === "string" ? { defaultHeaders: { authorization: `Bearer ${key}` }, secrets: () => [key] } : {}),
  });
  function call(req: HttpRequest): Promise<HttpResponse> {
    if (typeof key !== "string" || key === "") throw new AppError("INVALID_CREDENTIALS", "Missing Loops API key.");
    return http.request(req);
  }

  async function find(query: { email: string } | { userId: string }): Promise<RemoteContact | null> {
    const res = await call({ url: "/v1/contacts/find", query, operation: "contacts.find" });
    const [first] = res.parse(z.array(loopsContactSchema));
    return first ? fromLoops(first) : null;
  }

  async function mustFind(email: string, id: string): Promise<RemoteContact> {
    const found = await find({ email });
    if (!found) throw new AppError("PROVIDER_NOT_FOUND", `Loops contact ${id} was written but cannot be found by e-mail.`);
    return found;
  }

  const contacts: ContactsApi = {
    // Loops finds by e-mail or userId only, never by its contact id. Given an e-mail, get() finds by it;
    // given an id it refuses rather than answer "not found" (which would read as a deletion).
    async get(externalId) {
      if (externalId.includes("@")) return find({ email: externalId });
      throw unsupported(`Loops cannot fetch contact ${externalId} by id; look it up by e-mail.`);
    },
    searchByEmail: (email) => find({ email }),
    async listChangedSince() {
      throw unsupported("Loops has no list endpoint: contacts arrive through webhooks only.");
    },
    async create(fields) {
      if (!fields.email) throw new AppError("VALIDATION_FAILED", "Loops contacts need an e-mail address.");
      const res = await call({ method: "POST", url: "/v1/contacts/create", json: toLoops(fields), operation: "contacts.create" });
      return mustFind(fields.email, res.parse(writeResult).id);
    },
    async update(externalId, fields) {
      const body = toLoops(fields);
      // update matches by email or userId; without an e-mail the id cannot be addressed
      if (!body.email) throw new AppError("VALIDATION_FAILED", `Loops updates contacts by e-mail; none given for ${externalId}.`);
      const res = await call({ method: "PUT", url: "/v1/contacts/update", json: body, operation: "contacts.update" });
      return mustFind(body.email, res.parse(writeResult).id);
    },
    async upsert(fields) {
      if (!fields.email) throw new AppError("VALIDATION_FAILED", "Loops matches contacts by e-mail; the contact has none.");
      const before = await find({ email: fields.email });
      const res = await call({ method: "PUT", url: "/v1/contacts/update", json: toLoops(fields), operation: "contacts.upsert" });
      return { contact: await mustFind(fields.email, res.parse(writeResult).id), created: before === null };
    },
    async delete(externalId) {
      // delete takes an e-mail or a userId, never the contact id
      if (!externalId.includes("@")) throw unsupported(`Loops deletes contacts by e-mail; ${externalId} is an id.`);
      await call({ method: "POST", url: "/v1/contacts/delete", json: { email: externalId }, accept: [404], operation: "contacts.delete" });
    },
  };

  return {
    async verifyCredentials(): Promise<VerifiedAccount> {
      const me = (await call({ url: "/v1/api-key", operation: "apiKey.test" })).parse(apiKeyResult);
      return { accountId: me.teamName, accountName: me.teamName };
    },
    contacts,
  };
}
