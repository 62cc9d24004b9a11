// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the handlers validate with.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { recordObjects } from "@/lib/records/record-objects";
import { API_OBJECTS, API_OBJECT_PATHS } from "@/lib/api/api-objects";
import { API_RATE_LIMIT } from "@/lib/api/api-route";
import { API_SCOPES } from "@/lib/api/api-scopes";
import { apiPatchBodySchema, apiRecordSchema, apiWriteBodySchema } from "@/lib/api/api-record-schemas";
import { exportQuerySchema } from "@/lib/api/export-records";
import { importItemSchema, leadSchema, IMPORT_MAX_ITEMS } from "@/lib/api/import-contacts";
import { listQuerySchema } from "@/lib/api/record-api";
import { registerExtraPaths } from "@/lib/api/openapi-extra-paths";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "A stable code, e.g. VALIDATION_FAILED, NOT_FOUND, RATE_LIMITED" }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: "e.g. fields: { <field>: <reason> }, requiredScope" }),
      retry_after: z.number().int().optional().meta({ description: "seconds to wait before retrying (429, 409 in progress)" }),
    }),
  })
  .meta({ id: "Error" });

const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(255).optional().meta({ description: "Same key + same body within 24 h returns the stored response with no second effect; same key + different body is a 422." }),
});

const rateHeaders = {
  "X-RateLimit-Limit": { schema: { type: "integer" as const }, description: "Requests allowed per minute for this key" },
  "X-RateLimit-Remaining": { schema: { type: "integer" as const }, description: "Requests left in the current window" },
  "X-RateLimit-Reset": { schema: { type: "integer" as const }, description: "Unix time (s) when the window resets" },
  "X-Request-Id": { schema: { type: "string" as const }, description: "The request id (yours from X-Request-Id, or ours)" },
};

export function errorResponses(...statuses: number[]) {
  const words: Record<number, string> = {
    400: "Bad request (not JSON, bad cursor)",
    401: "Missing, unknown, revoked or expired API key",
    403: "The key lacks the scope (details.requiredScope)",
    404: "Not found in this key's workspace",
    409: "A request with this Idempotency-Key is still running (retry_after)",
    413: "Body too large",
    422: "Validation failed (details.fields names each field) or Idempotency-Key reused with another body",
    429: "Rate limited (Retry-After header, retry_after)",
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: words[s] ?? "Error", content: { "application/json": { schema: errorSchema } } }]));
}

export const COMMON_ERRORS = [400, 401, 403, 429] as const;

function build() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "An API key (sbk_…) from Settings → API keys" });
  const security = [{ apiKey: [] }];

  for (const path of API_OBJECT_PATHS) {
    const def = recordObjects[API_OBJECTS[path]];
    const rec = apiRecordSchema(def);
    const read = `${path}:read`;
    const write = `${path}:write`;
    const written = z.object({ result: z.enum(["created", "updated", "unchanged"]), data: rec });
    const idParam = z.object({ id: z.string().meta({ description: `The ${def.label.toLowerCase()} id` }) });
    registry.registerPath({
      method: "get",
      path: `/${path}`,
      tags: [def.plural],
      summary: `List ${def.plural.toLowerCase()}`,
      description: `Ordered by last change (oldest first), cursor pages. Scope: ${read}.`,
      security,
      request: { query: listQuerySchema },
      responses: {
        200: {
          description: "A page",
          headers: { ...rateHeaders, Link: { schema: { type: "string" }, description: 'rel="next" when there is a next page' } },
          content: { "application/json": { schema: z.object({ data: z.array(rec), next_cursor: z.string().nullable(), links: z.object({ self: z.string(), next: z.string().nullable() }) }) } },
        },
        ...errorResponses(...COMMON_ERRORS),
      },
    });
    registry.registerPath({
      method: "post",
      path: `/${path}`,
      tags: [def.plural],
      summary: `Create or upsert a ${def.label.toLowerCase()}`,
      description: `Matches an existing record by external_id, then by ${def.object === "contact" ? "e-mail" : def.object === "order" ? "order number" : def.object === "product" ? "SKU" : "nothing else"}; 201 when created, 200 when updated or unchanged. Scope: ${write}.`,
      security,
      request: { headers: idempotencyHeader, body: { required: true, content: { "application/json": { schema: apiWriteBodySchema(def) } } } },
      responses: {
        200: { description: "Updated or unchanged", headers: rateHeaders, content: { "application/json": { schema: written } } },
        201: { description: "Created", headers: rateHeaders, content: { "application/json": { schema: written } } },
        ...errorResponses(...COMMON_ERRORS, 409, 413, 422),
      },
    });
    registry.registerPath({
      method: "get",
      path: `/${path}/{id}`,
      tags: [def.plural],
      summary: `Get a ${def.label.toLowerCase()}`,
      description: `Scope: ${read}.`,
      security,
      request: { params: idParam },
      responses: { 200: { description: def.label, headers: rateHeaders, content: { "application/json": { schema: z.object({ data: rec }) } } }, ...errorResponses(...COMMON_ERRORS, 404) },
    });
    registry.registerPath({
      method: "patch",
      path: `/${path}/{id}`,
      tags: [def.plural],
      summary: `Change a ${def.label.toLowerCase()}`,
      description: `Only the fields given change; null clears a field. Scope: ${write}.`,
      security,
      request: { params: idParam, headers: idempotencyHeader, body: { required: true, content: { "application/json": { schema: apiPatchBodySchema(def) } } } },
      responses: { 200: { description: "Updated or unchanged", headers: rateHeaders, content: { "application/json": { schema: written } } }, ...errorResponses(...COMMON_ERRORS, 404, 409, 413, 422) },
    });
    registry.registerPath({
      method: "delete",
      path: `/${path}/{id}`,
      tags: [def.plural],
      summary: `Delete a ${def.label.toLowerCase()}`,
      description: `The delete propagates to connected systems. Scope: ${write}.`,
      security,
      request: { params: idParam },
      responses: { 204: { description: "Deleted", headers: rateHeaders }, ...errorResponses(...COMMON_ERRORS, 404) },
    });
  }

  // the request as documented: the same item schemas each item is validated with, one by one
  const importDoc = z
    .union([
      z.object({ items: z.array(importItemSchema).min(1).max(IMPORT_MAX_ITEMS) }),
      z.object({ source: z.string().max(200).optional(), leads: z.array(leadSchema).min(1).max(IMPORT_MAX_ITEMS) }),
    ])
    .meta({ id: "ContactImport" });
  registry.registerPath({
    method: "post",
    path: "/contacts/import",
    tags: ["Contacts"],
    summary: "Import contacts",
    description: `Up to ${IMPORT_MAX_ITEMS} items ({ items: ImportItem[] } or { source, leads: Lead[] }), each upserted on its own by external_id, then e-mail. One bad item never rejects the batch. Scope: contacts:write.`,
    security,
    request: { headers: idempotencyHeader, body: { required: true, content: { "application/json": { schema: importDoc } } } },
    responses: {
      200: {
        description: "Per-item results",
        headers: rateHeaders,
        content: {
          "application/json": {
            schema: z.object({
              summary: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
              results: z.array(
                z.object({
                  index: z.number().int(),
                  external_id: z.string().nullable(),
                  result: z.enum(["created", "updated", "unchanged", "rejected"]),
                  id: z.string().nullable(),
                  errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
                }),
              ),
            }),
          },
        },
      },
      ...errorResponses(...COMMON_ERRORS, 409, 413, 422),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/contacts/export",
    tags: ["Contacts"],
    summary: "Export contacts",
    description: "Every matching contact, streamed. With limit, the next page's cursor is in the Link and X-Next-Cursor headers (and next_cursor in JSON). Scope: contacts:read.",
    security,
    request: { query: exportQuerySchema },
    responses: {
      200: {
        description: "The export",
        headers: { ...rateHeaders, "X-Next-Cursor": { schema: { type: "string" }, description: "present when limit cut the export" } },
        content: {
          "application/json": { schema: z.object({ data: z.array(apiRecordSchema(recordObjects.contact)), next_cursor: z.string().nullable() }) },
          "application/x-ndjson": { schema: { type: "string", description: "one Contact JSON object per line" } },
          "text/csv": { schema: { type: "string", description: "a header row, then one row per contact; custom fields as JSON in custom_fields" } },
        },
      },
      ...errorResponses(...COMMON_ERRORS, 422),
    },
  });
  registerExtraPaths(registry, security);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1.0.0",
      description: `The public API of a Switchboard workspace. Authenticate with an API key: \`Authorization: Bearer sbk_…\`. Scopes: ${API_SCOPES.join(", ")}. Each key may make ${API_RATE_LIMIT.limit} requests per minute. Errors: { error: { code, message, details?, retry_after? } }.`,
    },
    servers: [{ url: "/api/v1" }],
  });
}

let cached: ReturnType<typeof build> | undefined;

export function openApiDocument(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}
