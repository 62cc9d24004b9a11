// POST /api/v1/contacts/import: up to 1,000 contacts, each validated and upserted on its own (external_id,
// then e-mail) through the one write path. One bad item never rejects the batch: it comes back as
// "rejected" with the field and the reason. Two shapes: { items: [{ external_id?, fields }] } and the
// lead-feed shape { source?, leads: [{ external_id?, first_name?, last_name?, email?, phone?, company?,
// custom_fields? }] }.
import { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/auth/principal";
import { AppError, validationError } from "@/lib/errors/app-error";
import { assertCanEditRecords } from "@/lib/records/save-record";
import { externalIdSchema } from "@/lib/api/api-record-schemas";
import { upsertApiRecord, type UpsertOutcome } from "@/lib/api/record-api";

export const IMPORT_MAX_ITEMS = 1000;

export const importItemSchema = z.object({ external_id: externalIdSchema.optional(), fields: z.record(z.string(), z.unknown()) }).meta({ id: "ImportItem" });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const leadSchema = z
  .object({
    external_id: z.union([z.string(), z.number()]).transform(String).pipe(externalIdSchema).optional(),
    first_name: z.string().nullable().optional(),
    last_name: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    company: z.string().nullable().optional(),
    source: z.string().nullable().optional(),
    custom_fields: z.record(z.string(), scalar).optional(),
  })
  .meta({ id: "Lead" });

export const importBodySchema = z
  .union([
    z.object({ items: z.array(z.unknown()).min(1).max(IMPORT_MAX_ITEMS).meta({ description: "ImportItem objects" }) }),
    z.object({ source: z.string().max(200).optional(), leads: z.array(z.unknown()).min(1).max(IMPORT_MAX_ITEMS).meta({ description: "Lead objects" }) }),
  ]);

export type ImportItemResult = {
  index: number;
  external_id: string | null;
  result: UpsertOutcome | "rejected";
  id: string | null;
  errors?: { field: string; reason: string }[];
};

export type ImportResponse = { summary: Record<UpsertOutcome | "rejected", number>; results: ImportItemResult[] };

function leadToItem(lead: z.infer<typeof leadSchema>, source: string | undefined): z.infer<typeof importItemSchema> {
  const fields: Record<string, unknown> = {};
  if (lead.first_name !== undefined) fields.firstName = lead.first_name;
  if (lead.last_name !== undefined) fields.lastName = lead.last_name;
  if (lead.email !== undefined) fields.email = lead.email;
  if (lead.phone !== undefined) fields.phone = lead.phone;
  if (lead.company !== undefined) fields.company = lead.company;
  const src = lead.source ?? source;
  if (src !== undefined) fields.source = src;
  if (lead.custom_fields) fields.customFields = lead.custom_fields;
  return { ...(lead.external_id ? { external_id: lead.external_id } : {}), fields };
}

function errorsOf(err: unknown): { field: string; reason: string }[] {
  if (err instanceof z.ZodError) err = validationError(err);
  if (err instanceof AppError) {
    const fields = err.details?.fields as Record<string, string> | undefined;
    if (fields && Object.keys(fields).length > 0) return Object.entries(fields).map(([field, reason]) => ({ field, reason }));
    return [{ field: "_", reason: err.message }];
  }
  throw err;
}

export async function importContacts(principal: ApiKeyPrincipal, body: z.infer<typeof importBodySchema>): Promise<ImportResponse> {
  assertCanEditRecords(principal, "contact");
  const raw = "items" in body ? body.items : body.leads;
  const results: ImportItemResult[] = [];
  const summary = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const [index, entry] of raw.entries()) {
    let externalId: string | null = null;
    try {
      const item = "items" in body ? importItemSchema.parse(entry) : leadToItem(leadSchema.parse(entry), body.source);
      externalId = item.external_id ?? null;
      const { outcome, record } = await upsertApiRecord(principal, "contact", item);
      summary[outcome]++;
      results.push({ index, external_id: externalId, result: outcome, id: record.id });
    } catch (err) {
      summary.rejected++;
      if (externalId === null && entry && typeof entry === "object" && "external_id" in entry) externalId = String((entry as { external_id: unknown }).external_id);
      results.push({ index, external_id: externalId, result: "rejected", id: null, errors: errorsOf(err) });
    }
  }
  return { summary, results };
}
