// The provider's real fields for the mapping editor: describeFields, cached per connection and object
// (read once, refreshed on demand), and creating a missing custom field where the provider allows it.
import type { Principal } from "@/lib/auth/principal";
import { db, type Prisma } from "@/lib/db/client";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors/app-error";
import { fieldTypes, type FieldDescription, type NewFieldInput, type ObjectApi } from "@/lib/integrations/object-contract";
import { z } from "zod";
import { assertCanChangeMappings, mappingApi, mappingTarget, type MappingTarget } from "@/lib/mappings/mapping-target";

export type ProviderFields = {
  /** null: the provider cannot describe its fields */
  fields: FieldDescription[] | null;
  fetchedAt: Date | null;
  canDescribe: boolean;
  canCreate: boolean;
};

const fieldDescriptionSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(fieldTypes),
  required: z.boolean(),
  readOnly: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  custom: z.boolean(),
}).transform(({ options, ...rest }): FieldDescription => (options ? { ...rest, options } : rest));

async function describeAndStore(target: MappingTarget, api?: ObjectApi): Promise<{ fields: FieldDescription[]; fetchedAt: Date }> {
  const objectApi = await mappingApi(target, api);
  if (!objectApi.describeFields) throw new AppError("BAD_REQUEST", `${target.def.name} cannot list its ${target.spec.label} fields`);
  const fields = (await objectApi.describeFields()).map((f) => fieldDescriptionSchema.parse(f));
  const fetchedAt = new Date();
  const { connection, object } = target;
  await db.providerFieldCache.upsert({
    where: { connectionId_object: { connectionId: connection.id, object } },
    create: { workspaceId: connection.workspaceId, connectionId: connection.id, object, fields: fields as unknown as Prisma.InputJsonArray, fetchedAt },
    update: { fields: fields as unknown as Prisma.InputJsonArray, fetchedAt },
  });
  return { fields, fetchedAt };
}

/** The cached fields (read from the provider the first time, or when `refresh`). */
export async function providerFields(access: Principal, connectionId: string, object: RecordObject, opts: { refresh?: boolean; api?: ObjectApi } = {}): Promise<ProviderFields> {
  const target = await mappingTarget(access, connectionId, object);
  return fieldsOf(target, opts);
}

export async function fieldsOf(target: MappingTarget, opts: { refresh?: boolean; api?: ObjectApi } = {}): Promise<ProviderFields> {
  const caps = target.spec.capabilities;
  const canDescribe = Boolean(caps.describeFields);
  const canCreate = Boolean(caps.createField);
  if (!canDescribe) return { fields: null, fetchedAt: null, canDescribe, canCreate };
  if (!opts.refresh) {
    const cached = await db.providerFieldCache.findUnique({ where: { connectionId_object: { connectionId: target.connection.id, object: target.object } } });
    if (cached) return { fields: z.array(fieldDescriptionSchema).parse(cached.fields), fetchedAt: cached.fetchedAt, canDescribe, canCreate };
  }
  const { fields, fetchedAt } = await describeAndStore(target, opts.api);
  return { fields, fetchedAt, canDescribe, canCreate };
}

export const newFieldSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1, "Give the field a key")
    .max(100)
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "A field key starts with a letter and holds letters, digits and underscores"),
  label: z.string().trim().min(1, "Give the field a label").max(200),
  type: z.enum(["string", "text", "number", "boolean", "date", "datetime", "enum", "multi_enum"]),
  options: z.array(z.object({ value: z.string().min(1), label: z.string().min(1) })).max(200).optional(),
});

/** Creates a custom field at the provider (admin or owner), then re-reads the field list. */
export async function createProviderField(access: Principal, connectionId: string, object: RecordObject, input: z.input<typeof newFieldSchema>, opts: { api?: ObjectApi } = {}): Promise<FieldDescription> {
  assertCanChangeMappings(access);
  const target = await mappingTarget(access, connectionId, object);
  if (!target.spec.capabilities.createField) throw new AppError("BAD_REQUEST", `${target.def.name} does not let Switchboard create ${target.spec.label} fields`);
  const parsed = newFieldSchema.parse(input);
  if ((parsed.type === "enum" || parsed.type === "multi_enum") && !parsed.options?.length) {
    throw new AppError("VALIDATION_FAILED", "A choice field needs at least one option", { fields: { options: "A choice field needs at least one option" } });
  }
  const api = await mappingApi(target, opts.api);
  if (!api.createField) throw new AppError("INTERNAL", `${target.def.name} declares field creation but its client cannot create fields`);
  const fieldInput: NewFieldInput = { key: parsed.key, label: parsed.label, type: parsed.type, ...(parsed.options ? { options: parsed.options } : {}) };
  const created = await api.createField(fieldInput);
  await describeAndStore(target, api);
  return created;
}
