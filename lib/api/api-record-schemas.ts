// zod schemas of the public API's records, built from the hub's object definitions (lib/records): the
// same schemas validate requests and generate the OpenAPI document (lib/api/openapi-document.ts).
// Field values themselves are validated by the write path (parseRecordPatch), which names each bad field.
import { z } from "zod";
import type { FieldDescriptor, RecordObjectDefinition } from "@/lib/records/record-object-definition";

const customFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

function fieldSchema(f: FieldDescriptor): z.ZodType {
  switch (f.kind) {
    case "boolean":
      return z.boolean().nullable();
    case "money":
    case "integer":
      return z.number().int().nullable();
    case "tags":
      return z.array(z.string()).nullable();
    case "enum":
      return f.options && f.options.length > 0 ? z.enum(f.options.map((o) => o.value) as [string, ...string[]]).nullable() : z.string().nullable();
    case "datetime":
      return z.string().meta({ format: "date-time" }).nullable();
    case "email":
      return z.string().meta({ format: "email" }).nullable();
    case "json":
      return z.unknown();
    case "record":
    case "text":
    case "phone":
    case "currency":
      return z.string().nullable();
  }
}

/** The fields object of one kind: every field optional (a patch), custom fields under customFields. */
export function apiFieldsSchema(def: RecordObjectDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of def.fields) shape[f.key] = fieldSchema(f).optional().meta({ description: f.label });
  shape.customFields = z.record(z.string(), customFieldValue).optional().meta({ description: "Custom fields: text, number, true/false or null (clears)" });
  return z.object(shape).meta({ id: `${def.label}Fields` });
}

export const externalIdSchema = z.string().trim().min(1).max(255).meta({ description: "Your app's own id for the record; unique per workspace and object" });

/** POST body: create, or update the record matched by external_id (or e-mail / number / SKU). */
export function apiWriteBodySchema(def: RecordObjectDefinition) {
  return z
    .object({ external_id: externalIdSchema.optional(), fields: apiFieldsSchema(def) })
    .meta({ id: `${def.label}Write` });
}

export function apiPatchBodySchema(def: RecordObjectDefinition) {
  return z.object({ fields: apiFieldsSchema(def) }).meta({ id: `${def.label}Patch` });
}

export function apiRecordSchema(def: RecordObjectDefinition) {
  return z
    .object({
      id: z.string(),
      object: z.literal(def.object),
      external_id: z.string().nullable(),
      version: z.number().int(),
      created_at: z.string().meta({ format: "date-time" }),
      updated_at: z.string().meta({ format: "date-time" }),
      fields: apiFieldsSchema(def),
    })
    .meta({ id: def.label });
}

/** Loose envelope used to validate requests (the fields are checked by the write path). */
export const writeEnvelopeSchema = z.object({ external_id: externalIdSchema.optional(), fields: z.record(z.string(), z.unknown()) });
export const patchEnvelopeSchema = z.object({ fields: z.record(z.string(), z.unknown()) });
