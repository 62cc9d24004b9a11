// Refuses a field mapping that cannot work, naming the field in words: a hub field that does not exist,
// a provider field the provider does not have, a push into a read-only field, a required provider field
// no rule fills, two rules writing one field, a value of the wrong type, a constant that is pulled.
import { AppError } from "@/lib/errors/app-error";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { CUSTOM_FIELD_PREFIX, isHubFieldKey } from "@/lib/integrations/hub-fields";
import { pushes, type FieldMappingRule, type Transform } from "@/lib/integrations/field-mapping";
import type { FieldDescription, FieldType } from "@/lib/integrations/object-contract";
import type { FieldKind } from "@/lib/records/record-object-definition";
import { recordObjects } from "@/lib/records/record-objects";
import { hubKindOf } from "@/lib/sync/hub-object";

/** What a value looks like on its way to the provider. */
type Shape = "string" | "boolstring" | "number" | "boolean" | "list" | "datetime" | "date" | "any";

const hubShape: Record<FieldKind, Shape> = {
  text: "string", email: "string", phone: "string", enum: "string", currency: "string", record: "string",
  boolean: "boolean", tags: "list", money: "number", integer: "number", datetime: "datetime", json: "any",
};

const accepts: Record<FieldType, readonly Shape[]> = {
  string: ["string", "boolstring", "number", "boolean", "datetime", "date"],
  text: ["string", "boolstring", "number", "boolean", "datetime", "date"],
  email: ["string"],
  phone: ["string"],
  reference: ["string", "number"],
  number: ["number"],
  boolean: ["boolean", "boolstring"],
  date: ["datetime", "date", "number"],
  datetime: ["datetime", "date", "number"],
  enum: ["string", "boolstring", "boolean"],
  multi_enum: ["list", "string"],
  json: ["string", "boolstring", "number", "boolean", "list", "datetime", "date"],
};

const shapeWords: Record<Shape, string> = {
  string: "text", boolstring: "\"true\"/\"false\" text", number: "a number", boolean: "yes/no", list: "a list", datetime: "a date-time", date: "a date", any: "any value",
};

function scalarShape(v: string | number | boolean): Shape {
  return typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string";
}

function afterTransform(shape: Shape, t: Transform): Shape {
  switch (t.kind) {
    case "valueMap":
    case "fullName":
      return "string";
    case "booleanString":
      return shape === "boolean" ? "boolstring" : shape;
    case "splitJoin":
      return shape === "list" || shape === "any" ? "string" : shape;
    case "scale":
      return "number";
    case "numberString":
      return shape === "string" ? "number" : shape;
    case "dateFormat":
      return t.format.startsWith("epoch") ? "number" : "date";
    case "defaultValue":
      return shape === "any" ? scalarShape(t.value) : shape;
    case "constant":
      return scalarShape(t.value);
    case "addTags":
      return "list";
    default:
      return shape;
  }
}

export type MappingProblem = { index: number; field: "hubField" | "providerField" | "direction" | "transforms"; message: string };

export type ValidateInput = {
  object: RecordObject;
  rules: readonly FieldMappingRule[];
  /** the provider's fields (describeFields); null when the provider cannot describe them */
  fields: readonly FieldDescription[] | null;
  /** whether this connection pushes the object (required provider fields matter only then) */
  pushing: boolean;
  providerName: string;
};

export function mappingProblems(input: ValidateInput): MappingProblem[] {
  const def = recordObjects[input.object];
  const kind = hubKindOf[input.object];
  const byKey = new Map((input.fields ?? []).map((f) => [f.key, f]));
  const hubLabel = (key: string) => (key.startsWith(CUSTOM_FIELD_PREFIX) ? `custom field “${key.slice(CUSTOM_FIELD_PREFIX.length)}”` : `“${def.fields.find((f) => f.key === key)?.label ?? key}”`);
  const providerLabel = (key: string) => {
    const f = byKey.get(key);
    return f && f.label !== key ? `${input.providerName} field “${f.label}” (${key})` : `${input.providerName} field “${key}”`;
  };
  const problems: MappingProblem[] = [];
  const writers = new Map<string, number[]>();

  input.rules.forEach((rule, index) => {
    const transforms = rule.transforms ?? [];
    if (!isHubFieldKey(kind, rule.hubField)) {
      problems.push({ index, field: "hubField", message: `“${rule.hubField}” is not a ${def.label.toLowerCase()} field in Switchboard` });
      return;
    }
    const provider = byKey.get(rule.providerField);
    if (input.fields && !provider) {
      problems.push({ index, field: "providerField", message: `${providerLabel(rule.providerField)} does not exist; refresh the field list or create it` });
      return;
    }
    if (pushes(rule)) {
      writers.set(rule.providerField, [...(writers.get(rule.providerField) ?? []), index]);
      if (provider?.readOnly) problems.push({ index, field: "direction", message: `${providerLabel(rule.providerField)} is read-only: map it to ${hubLabel(rule.hubField)} as pull only` });
    }
    if (rule.direction !== "push" && transforms.some((t) => t.kind === "constant")) {
      problems.push({ index, field: "direction", message: `A constant is only written on push: set the rule for ${providerLabel(rule.providerField)} to push only` });
    }
    for (const t of transforms) {
      if (t.kind === "fullName" && !isHubFieldKey(kind, t.otherField)) {
        problems.push({ index, field: "transforms", message: `The full name of ${providerLabel(rule.providerField)} joins “${t.otherField}”, which is not a ${def.label.toLowerCase()} field` });
      }
    }
    if (!provider) return;
    const descriptor = def.fields.find((f) => f.key === rule.hubField);
    const start: Shape = descriptor ? hubShape[descriptor.kind] : "any";
    const shape = transforms.reduce(afterTransform, start);
    if (shape !== "any" && !accepts[provider.type].includes(shape)) {
      problems.push({
        index,
        field: "transforms",
        message: `Type mismatch: ${hubLabel(rule.hubField)} gives ${shapeWords[shape]}, but ${providerLabel(rule.providerField)} holds ${provider.type.replace("_", " ")} values${shape === "list" ? " (add a split/join step)" : ""}`,
      });
    }
    const options = provider.options?.map((o) => o.value);
    if (options && options.length > 0 && (provider.type === "enum" || provider.type === "multi_enum")) {
      for (const t of transforms) {
        if (t.kind !== "valueMap") continue;
        const bad = Object.values(t.push).find((v) => !options.includes(v));
        if (bad !== undefined) problems.push({ index, field: "transforms", message: `“${bad}” is not an option of ${providerLabel(rule.providerField)} (options: ${options.slice(0, 12).join(", ")})` });
      }
    }
  });

  for (const [key, indexes] of writers) {
    if (indexes.length < 2) continue;
    const joined = indexes.every((i) => (input.rules[i]?.transforms ?? []).some((t) => t.kind === "fullName"));
    if (!joined) problems.push({ index: indexes[1]!, field: "providerField", message: `Two rules write ${providerLabel(key)}; keep one (or join a full name with the full-name step on both)` });
  }

  if (input.pushing && input.fields) {
    for (const f of input.fields) {
      if (!f.required || f.readOnly || writers.has(f.key)) continue;
      problems.push({ index: -1, field: "providerField", message: `${providerLabel(f.key)} is required, but no rule pushes a value to it` });
    }
  }
  return problems;
}

/** Throws VALIDATION_FAILED naming the first problem; every problem is in details.fields ("rules.<i>.<field>"). */
export function assertMappingWorks(input: ValidateInput): void {
  const problems = mappingProblems(input);
  if (problems.length === 0) return;
  const fields: Record<string, string> = {};
  for (const p of problems) {
    const key = p.index < 0 ? "mapping" : `rules.${p.index}.${p.field}`;
    fields[key] = fields[key] ? `${fields[key]}; ${p.message}` : p.message;
  }
  throw new AppError("VALIDATION_FAILED", `This mapping cannot work: ${problems[0]!.message}`, { fields, problems });
}
