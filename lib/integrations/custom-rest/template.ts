// The declarative template a user writes to connect any REST CRM: where it lives, how to
// authenticate, which endpoints hold contacts, how they page, and where each hub field sits in the JSON.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { leadStatusSchema } from "@/lib/records/hub-contact";

const dotPath = z
  .string()
  .min(1, "a field path cannot be empty")
  .regex(/^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/, 'a field path is dot-separated names, e.g. "properties.first_name"');

const paramName = z.string().min(1).regex(/^[A-Za-z0-9_.\[\]-]+$/, "a query parameter name has letters, digits, _ . - [ ]");
const headerName = z.string().min(1).regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "not a valid HTTP header name");

const method = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const endpoint = (needsId: boolean, defaultMethod: z.infer<typeof method>) =>
  z.object({
    method: method.default(defaultMethod),
    path: z
      .string()
      .startsWith("/", 'an endpoint path starts with "/"')
      .refine((p) => !needsId || p.includes("{id}"), 'this endpoint path must contain "{id}"'),
  });

const auth = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bearer") }),
  z.object({ kind: z.literal("api_key_header"), header: headerName }),
  z.object({ kind: z.literal("basic") }),
  z.object({ kind: z.literal("none") }),
]);

const pageSize = z.number().int().min(1).max(1000).default(100);
const pagination = z.discriminatedUnion("style", [
  z.object({
    style: z.literal("page"),
    pageParam: paramName.default("page"),
    sizeParam: paramName.default("per_page"),
    pageSize,
    firstPage: z.number().int().min(0).default(1),
  }),
  z.object({
    style: z.literal("offset"),
    offsetParam: paramName.default("offset"),
    limitParam: paramName.default("limit"),
    pageSize,
  }),
  z.object({
    style: z.literal("cursor"),
    cursorParam: paramName.default("cursor"),
    sizeParam: paramName.optional(),
    pageSize,
    /** where the next cursor sits in a list response; absent/null/"" means the last page */
    nextCursorPath: dotPath,
  }),
  z.object({ style: z.literal("link_header"), sizeParam: paramName.optional(), pageSize }),
  z.object({ style: z.literal("none") }),
]);

const hubFieldPaths = z
  .object({
    firstName: dotPath,
    lastName: dotPath,
    email: dotPath,
    phone: dotPath,
    company: dotPath,
    leadStatus: dotPath,
    owner: dotPath,
    /** an array of strings, or a comma-separated string */
    tags: dotPath,
    subscribed: dotPath,
    source: dotPath,
    /** an object whose keys are the custom fields */
    customFields: dotPath,
  })
  .partial()
  .refine((f) => f.email !== undefined, { message: "fields.email is required: contacts are matched by e-mail", path: ["email"] });

const algorithm = z.enum(["sha1", "sha256", "sha512"]);
const webhook = z.object({
  signature: z.object({
    header: headerName,
    algorithm: algorithm.default("sha256"),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** text before the digest in the header, e.g. "sha256=" */
    prefix: z.string().max(32).default(""),
    /** a header holding the send time (unix seconds or milliseconds); enables the replay window */
    timestampHeader: headerName.optional(),
    toleranceSeconds: z.number().int().min(1).max(86_400).default(300),
    /** what is signed; {timestamp} and {body} are replaced. Default: the raw body */
    signedPayload: z
      .string()
      .default("{body}")
      .refine((s) => s.includes("{body}"), "signedPayload must contain {body}"),
  }),
  /** where the event type sits in the payload */
  eventTypePath: dotPath.default("event"),
  /** where the event id sits; without it the id is a hash of the body */
  eventIdPath: dotPath.optional(),
  /** where the contact sits in the payload */
  recordPath: dotPath.default("data"),
  /** the remote event types that mean each hub action */
  eventTypes: z
    .object({
      created: z.array(z.string()).default([]),
      updated: z.array(z.string()).default([]),
      deleted: z.array(z.string()).default([]),
    })
    .default({ created: [], updated: [], deleted: [] }),
});

export const customRestTemplateSchema = z
  .object({
    name: z.string().min(1).max(80),
    /** the tenant's API root; every request goes through the SSRF guard */
    baseUrl: z
      .url({ protocol: /^https?$/, error: "The base URL must be a full http:// or https:// address, e.g. https://crm.example.com/api" })
      // z.url accepts a few strings `new URL` rejects ("http://", spaces in the host): a field error, never a throw
      .refine((u) => URL.canParse(u), "The base URL is not a valid address (check the host name and port)")
      .refine((u) => !URL.canParse(u) || (!new URL(u).search && !new URL(u).hash), "The base URL cannot carry a query (?…) or fragment (#…)")
      .transform((u) => u.replace(/\/+$/, "")),
    auth,
    /** a GET that proves the credentials work; defaults to the list endpoint */
    verify: endpoint(false, "GET")
      /** where the account's id sits in the verify response (else the base URL's host names the account) */
      .extend({ accountIdPath: dotPath.optional() })
      .optional(),
    endpoints: z.object({
      list: endpoint(false, "GET"),
      get: endpoint(true, "GET"),
      /** finds contacts by e-mail: `emailParam` is added to the query */
      search: endpoint(false, "GET").extend({ emailParam: paramName.default("email") }),
      create: endpoint(false, "POST"),
      update: endpoint(true, "PATCH"),
      delete: endpoint(true, "DELETE").optional(),
    }),
    /** where the array of records sits in a list/search response ("" = the response is the array) */
    listPath: z.union([dotPath, z.literal("")]).default("data"),
    /** where the record sits in get/create/update responses ("" = the response is the record) */
    recordPath: z.union([dotPath, z.literal("")]).default(""),
    /** wrap create/update bodies under this key, e.g. "contact" */
    requestBodyPath: dotPath.optional(),
    pagination,
    /** the remote record's id */
    idField: dotPath.default("id"),
    /** the remote record's last-modified time, the cursor of incremental pulls */
    updatedAtField: dotPath.optional(),
    /** the list query parameter that filters to records modified since a time */
    modifiedSince: z
      .object({ param: paramName, format: z.enum(["iso", "unix", "unix_ms"]).default("iso") })
      .optional(),
    fields: hubFieldPaths,
    /** remote lead status value -> hub lead status */
    leadStatusMap: z.record(z.string(), leadStatusSchema).optional(),
    webhook: webhook.optional(),
  })
  .refine((t) => !t.modifiedSince || t.updatedAtField, {
    message: "updatedAtField is required when modifiedSince is set (it is the incremental cursor)",
    path: ["updatedAtField"],
  });

export type CustomRestTemplate = z.infer<typeof customRestTemplateSchema>;
export type CustomRestTemplateInput = z.input<typeof customRestTemplateSchema>;
export type CustomRestWebhookSettings = NonNullable<CustomRestTemplate["webhook"]>;

/** Parse a template; errors name the field and say what is wrong. */
export function parseCustomRestTemplate(input: unknown): { ok: true; template: CustomRestTemplate } | { ok: false; errors: string[] } {
  const parsed = customRestTemplateSchema.safeParse(input);
  if (parsed.success) return { ok: true, template: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "template"}: ${i.message}`),
  };
}

/** Parse a template or throw CONFIG_SCHEMA_INVALID naming every bad field. */
export function assertCustomRestTemplate(input: unknown): CustomRestTemplate {
  const result = parseCustomRestTemplate(input);
  if (result.ok) return result.template;
  throw new AppError("CONFIG_SCHEMA_INVALID", `The Custom REST template is invalid: ${result.errors.join("; ")}`, {
    errors: result.errors,
  });
}
