// POST /api/v1/contacts/import: up to 1,000 contacts, per-item results (Idempotency-Key supported).
import { BODY_LIMITS } from "@/lib/http/read-body";
import { apiRoute } from "@/lib/api/api-route";
import { importBodySchema, importContacts } from "@/lib/api/import-contacts";
import { parseBody } from "@/lib/api/record-routes";

export const POST = apiRoute(
  async (r) => {
    const body = parseBody(importBodySchema, r.body);
    return { status: 200, body: await importContacts(r.principal, body) };
  },
  { bodyLimit: BODY_LIMITS.webhook },
);
