// Salesforce REST (Lead and Contact sObjects) on top of lib/http. Incremental pulls run SOQL on
// SystemModstamp and follow nextRecordsUrl; there is no upsert by e-mail, so upsert = find by Email, then
// create or update. Salesforce answers API-quota exhaustion with 403 REQUEST_LIMIT_EXCEEDED.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { FailureInput, FailureKind } from "@/lib/http/classify-error";
import type { HttpRequest } from "@/lib/http/http-client";
import { authorizedRequest } from "@/lib/integrations/authorized-request";
import type { ConnectionContext, ContactsApi, ProviderClient } from "@/lib/integrations/types";
import {
  SALESFORCE_FIELDS,
  hubToSalesforceFields,
  salesforceRecordSchema,
  salesforceToRemote,
  soqlDateTime,
  type SalesforceObject,
} from "@/lib/integrations/salesforce/map";

export const SALESFORCE_API_VERSION = "v62.0";
export const SALESFORCE_MAX_BATCH = 2000;

const queryResponseSchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(salesforceRecordSchema),
});

const createResponseSchema = z.object({ id: z.string(), success: z.boolean(), errors: z.array(z.unknown()) });

/** Salesforce's error array: [{ message, errorCode, fields? }]. */
export function salesforceClassifyError(input: FailureInput): FailureKind | undefined {
  const first = Array.isArray(input.json) ? (input.json[0] as { errorCode?: unknown } | undefined) : undefined;
  const code = typeof first?.errorCode === "string" ? first.errorCode : undefined;
  if (code === "REQUEST_LIMIT_EXCEEDED") return "rate_limited";
  if (code === "DUPLICATES_DETECTED" || code === "DUPLICATE_VALUE") return "duplicate";
  if (code === "INVALID_SESSION_ID") return "auth";
  if (code === "ENTITY_IS_DELETED") return "not_found";
  if (input.status === 300) return "duplicate";
  return undefined;
}

/** Quote a string for SOQL. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export type SalesforceClient = ProviderClient & { sobject(object: SalesforceObject): ContactsApi };

export function createSalesforceClient(ctx: ConnectionContext): SalesforceClient {
  const http = ctx.http.with({ baseUrl: ctx.baseUrl, classify: salesforceClassifyError });
  const scoped: ConnectionContext = { ...ctx, http };
  const instanceUrl = ctx.baseUrl.replace(/\/services\/data\/v[\d.]+\/?$/, "");
  const call = (req: HttpRequest) => authorizedRequest(scoped, req, { refreshOn401: true });

  function api(object: SalesforceObject): ContactsApi {
    const fields = SALESFORCE_FIELDS[object].join(",");
    const get = async (id: string) => {
      const res = await call({ url: `/sobjects/${object}/${encodeURIComponent(id)}`, query: { fields }, accept: [404], operation: `${object}.get` });
      return res.status === 404 ? null : salesforceToRemote(res.parse(salesforceRecordSchema), object);
    };
    const query = async (soql: string, batchSize?: number) => {
      const res = await call({
        url: "/query",
        query: { q: soql },
        ...(batchSize ? { headers: { "sforce-query-options": `batchSize=${batchSize}` } } : {}),
        operation: `${object}.query`,
      });
      return res.parse(queryResponseSchema);
    };
    const contacts: ContactsApi = {
      get,
      async searchByEmail(email) {
        const r = await query(`SELECT ${fields} FROM ${object} WHERE Email = ${soqlString(email.trim().toLowerCase())} ORDER BY SystemModstamp DESC LIMIT 1`);
        const first = r.records[0];
        return first ? salesforceToRemote(first, object) : null;
      },
      async listChangedSince({ since, cursor, limit }) {
        let page: z.infer<typeof queryResponseSchema>;
        if (cursor) {
          const res = await call({ url: `${instanceUrl}${cursor}`, operation: `${object}.queryMore` });
          page = res.parse(queryResponseSchema);
        } else {
          const where = since ? ` WHERE SystemModstamp >= ${soqlDateTime(since)}` : "";
          const batch = limit ? Math.min(Math.max(limit, 200), SALESFORCE_MAX_BATCH) : undefined;
          page = await query(`SELECT ${fields} FROM ${object}${where} ORDER BY SystemModstamp ASC, Id ASC`, batch);
        }
        return {
          items: page.records.map((r) => salesforceToRemote(r, object)),
          nextCursor: page.done ? null : (page.nextRecordsUrl ?? null),
        };
      },
      async create(input) {
        const res = await call({ method: "POST", url: `/sobjects/${object}`, json: hubToSalesforceFields(input, object, "create"), operation: `${object}.create` });
        const created = res.parse(createResponseSchema);
        const rec = await get(created.id);
        if (!rec) throw new AppError("PROVIDER_ERROR", `Salesforce created ${object} ${created.id} but cannot read it back.`, { provider: "salesforce" });
        return rec;
      },
      async update(id, input) {
        await call({ method: "PATCH", url: `/sobjects/${object}/${encodeURIComponent(id)}`, json: hubToSalesforceFields(input, object, "update"), operation: `${object}.update` });
        const rec = await get(id);
        if (!rec) throw new AppError("PROVIDER_NOT_FOUND", `Salesforce ${object} ${id} disappeared after the update.`, { provider: "salesforce" });
        return rec;
      },
      async upsert(input) {
        const existing = input.email ? await contacts.searchByEmail(input.email) : null;
        if (existing) return { contact: await contacts.update(existing.externalId, input), created: false };
        return { contact: await contacts.create(input), created: true };
      },
      async delete(id) {
        await call({ method: "DELETE", url: `/sobjects/${object}/${encodeURIComponent(id)}`, accept: [404], operation: `${object}.delete` });
      },
    };
    return contacts;
  }

  const configured = (ctx.config.sobject === "Contact" ? "Contact" : "Lead") as SalesforceObject;
  return {
    sobject: api,
    contacts: api(configured),
    objects: { Lead: api("Lead"), Contact: api("Contact") },
    async verifyCredentials() {
      const res = await call({ url: `${instanceUrl}/services/oauth2/userinfo`, operation: "verify" });
      const info = res.parse(z.object({ organization_id: z.string(), user_id: z.string(), name: z.string().optional() }).passthrough());
      return { accountId: info.organization_id, ...(info.name ? { accountName: info.name } : {}), metadata: { organization_id: info.organization_id } };
    },
  };
}
