// Loops.so API v1 contacts as raw records. Every call goes through ctx.request (Bearer API key). Loops
// finds contacts by e-mail or userId only: it cannot list them, fetch one by its id, or say what changed,
// so contacts declare create, update and upsert by e-mail (PUT /contacts/update creates when nothing
// matches), delete by e-mail, and field discovery / creation; changes made in Loops arrive through its webhooks.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { HttpRequest, HttpResponse } from "@/lib/http/http-client";
import type { FieldDescription, FieldMap, ObjectApi, RawRecord } from "@/lib/integrations/object-contract";
import type { ConnectionContext, ProviderClient, VerifiedAccount } from "@/lib/integrations/types";
import {
  fieldsToLoops,
  loopsContactSchema,
  loopsListSchema,
  loopsPropertySchema,
  loopsPropertyToField,
  loopsToRaw,
  mailingListsField,
  newLoopsProperty,
  type LoopsList,
} from "@/lib/integrations/loops/map";
import type { LoopsConfig, LoopsCredentials } from "@/lib/integrations/loops/settings";

const writeResult = z.looseObject({ success: z.literal(true), id: z.string() });
const apiKeyResult = z.looseObject({ success: z.literal(true), teamName: z.string() });

export type LoopsClient = ProviderClient & { objects: { contacts: ObjectApi } };

export function createLoopsClient(ctx: ConnectionContext<LoopsConfig, LoopsCredentials>): LoopsClient {
  const call = (req: HttpRequest): Promise<HttpResponse> => ctx.request(req);

  let lists: Promise<LoopsList[]> | null = null;
  const mailingLists = () => {
    lists ??= call({ url: "/v1/lists", operation: "lists.list" })
      .then((res) => res.parse(z.array(loopsListSchema)))
      .catch((err: unknown) => {
        lists = null;
        throw err;
      });
    return lists;
  };

  async function findByEmail(email: string): Promise<RawRecord | null> {
    const res = await call({ url: "/v1/contacts/find", query: { email }, operation: "contacts.find" });
    const [first] = res.parse(z.array(loopsContactSchema));
    return first ? loopsToRaw(first) : null;
  }

  function emailOf(fields: FieldMap): string {
    const email = typeof fields.email === "string" ? fields.email.trim().toLowerCase() : "";
    if (!email) throw new AppError("PROVIDER_VALIDATION", "Loops matches contacts by e-mail; the record has none.", { provider: "loops", field: "email" });
    return email;
  }

  async function body(fields: FieldMap) {
    const needsLists = Array.isArray(fields.mailingLists);
    return fieldsToLoops(fields, needsLists ? (await mailingLists()).map((l) => l.id) : []);
  }

  /** The contact as Loops now has it (the write answers only its id). */
  async function readBack(email: string, id: string): Promise<RawRecord> {
    const found = await findByEmail(email);
    if (!found || found.externalId !== id) throw new AppError("PROVIDER_ERROR", `Loops contact ${id} was written but cannot be found by e-mail.`, { provider: "loops" });
    return found;
  }

  async function describeFields(): Promise<FieldDescription[]> {
    const [all, custom, known] = await Promise.all([
      call({ url: "/v1/contacts/properties", query: { list: "all" }, operation: "properties.list" }).then((r) => r.parse(z.array(loopsPropertySchema))),
      call({ url: "/v1/contacts/properties", query: { list: "custom" }, operation: "properties.listCustom" }).then((r) => r.parse(z.array(loopsPropertySchema))),
      mailingLists(),
    ]);
    const customKeys = new Set(custom.map((p) => p.key));
    return [...all.map((p) => loopsPropertyToField(p, customKeys.has(p.key))), mailingListsField(known)];
  }

  const contacts: ObjectApi = {
    async create(fields) {
      const email = emailOf(fields);
      const res = await call({ method: "POST", url: "/v1/contacts/create", json: await body(fields), operation: "contacts.create" });
      return readBack(email, res.parse(writeResult).id);
    },
    async upsert(fields) {
      const email = emailOf(fields);
      // PUT /contacts/update answers the same for a created and an updated contact: ask first
      const before = await findByEmail(email);
      const res = await call({ method: "PUT", url: "/v1/contacts/update", json: await body(fields), operation: "contacts.upsert" });
      return { record: await readBack(email, res.parse(writeResult).id), created: before === null };
    },
    /**
     * An update of the contact Switchboard linked: through PUT /contacts/update like the upsert, but only
     * when the e-mail still names that contact (or a userId is written, which is how Loops changes an
     * e-mail). Otherwise the upsert would create a second contact under the new address.
     */
    async update(externalId, fields) {
      const email = emailOf(fields);
      const byUserId = typeof fields.userId === "string" && fields.userId.trim() !== "";
      if (!byUserId) {
        const found = await findByEmail(email);
        if (!found) {
          throw new AppError("PROVIDER_NOT_FOUND", `Loops has no contact with the e-mail ${email}: it was deleted in Loops, or its e-mail changed (Loops changes a contact's e-mail only through a mapped userId).`, { provider: "loops", field: "email" });
        }
        if (found.externalId !== externalId) throw new AppError("PROVIDER_VALIDATION", `Another Loops contact already has the e-mail ${email}.`, { provider: "loops", field: "email" });
      }
      const res = await call({ method: "PUT", url: "/v1/contacts/update", json: await body(fields), operation: "contacts.update" });
      const id = res.parse(writeResult).id;
      if (id !== externalId) throw new AppError("PROVIDER_VALIDATION", `Loops wrote contact ${id} instead of ${externalId}: the userId names another contact.`, { provider: "loops", field: "userId" });
      return readBack(email, id);
    },
    async delete(externalId, last) {
      // Loops deletes by e-mail (or userId), never by its own id: the e-mail last written, checked to
      // still name this contact so another contact that took the address over is left alone
      const email = typeof last?.email === "string" ? last.email.trim().toLowerCase() : "";
      if (!email) throw new AppError("PROVIDER_VALIDATION", "Loops deletes contacts by e-mail; the record has none.", { provider: "loops", field: "email" });
      const found = await findByEmail(email);
      if (!found || found.externalId !== externalId) return;
      await call({ method: "POST", url: "/v1/contacts/delete", json: { email }, accept: [404], operation: "contacts.delete" });
    },
    describeFields,
    async createField(input) {
      const property = newLoopsProperty(input);
      await call({ method: "POST", url: "/v1/contacts/properties", json: property, operation: "properties.create" });
      const created = (await describeFields()).find((f) => f.key === property.name);
      if (!created) throw new AppError("PROVIDER_ERROR", `Loops created property ${property.name} but does not list it.`, { provider: "loops" });
      return created;
    },
  };

  return {
    objects: { contacts },
    async verifyCredentials(): Promise<VerifiedAccount> {
      const me = (await call({ url: "/v1/api-key", operation: "apiKey.test" })).parse(apiKeyResult);
      // Loops names no team id: the team name is the account
      return { accountId: me.teamName, accountName: me.teamName };
    },
  };
}
