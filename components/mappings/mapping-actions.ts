"use server";

// The mapping editor's server actions: each checks the member's workspace and role in lib/mappings.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import type { FieldDescription } from "@/lib/integrations/object-contract";
import { rollbackMapping, saveMapping } from "@/lib/mappings/mapping-versions";
import { previewMapping, type MappingPreview } from "@/lib/mappings/preview-mapping";
import { createProviderField, providerFields } from "@/lib/mappings/provider-fields";

const objectSchema = z.enum(["contact", "order", "product", "appointment", "opportunity"]);

export type MappingActionResult<T = undefined> = { ok: true; message: string; data?: T } | { ok: false; message: string; code?: string; fields?: Record<string, string> };

async function run<T>(slug: string, connectionId: string, fn: () => Promise<{ message: string; data?: T }>): Promise<MappingActionResult<T>> {
  try {
    const res = await fn();
    revalidatePath(`/w/${slug}/connections/${connectionId}`);
    return { ok: true, message: res.message, ...(res.data === undefined ? {} : { data: res.data }) };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, code: e.code, fields: e.fields };
  }
}

export async function saveMappingAction(slug: string, connectionId: string, object: string, input: { rules: unknown; customFields: unknown; expectedVersion: number }): Promise<MappingActionResult<number>> {
  const access = await requireWorkspace(slug);
  return run(slug, connectionId, async () => {
    const res = await saveMapping(access, connectionId, objectSchema.parse(object), { rules: input.rules, customFields: input.customFields ?? null, expectedVersion: z.number().int().parse(input.expectedVersion) });
    return { message: res.unchanged ? "Nothing changed: the mapping is as saved." : `Saved as version ${res.version}. The next sync run uses it.`, data: res.version };
  });
}

export async function rollbackMappingAction(slug: string, connectionId: string, object: string, version: number): Promise<MappingActionResult<number>> {
  const access = await requireWorkspace(slug);
  return run(slug, connectionId, async () => {
    const res = await rollbackMapping(access, connectionId, objectSchema.parse(object), z.number().int().positive().parse(version));
    return { message: `Version ${version} is current again (saved as version ${res.version}).`, data: res.version };
  });
}

export async function previewMappingAction(slug: string, connectionId: string, object: string, input: { rules: unknown; customFields: unknown }): Promise<MappingActionResult<MappingPreview>> {
  const access = await requireWorkspace(slug);
  try {
    const data = await previewMapping(access, connectionId, objectSchema.parse(object), { rules: input.rules, customFields: input.customFields ?? null });
    return { ok: true, message: "Preview ready", data };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, code: e.code, fields: e.fields };
  }
}

export async function refreshFieldsAction(slug: string, connectionId: string, object: string): Promise<MappingActionResult<FieldDescription[]>> {
  const access = await requireWorkspace(slug);
  return run(slug, connectionId, async () => {
    const res = await providerFields(access, connectionId, objectSchema.parse(object), { refresh: true });
    return { message: `Read ${res.fields?.length ?? 0} fields from the provider.`, data: res.fields ?? [] };
  });
}

export async function createFieldAction(slug: string, connectionId: string, object: string, input: { key: string; label: string; type: string; options: string }): Promise<MappingActionResult<FieldDescription>> {
  const access = await requireWorkspace(slug);
  return run(slug, connectionId, async () => {
    const options = input.options
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((v) => ({ value: v, label: v }));
    const created = await createProviderField(access, connectionId, objectSchema.parse(object), {
      key: input.key,
      label: input.label,
      type: z.enum(["string", "text", "number", "boolean", "date", "datetime", "enum", "multi_enum"]).parse(input.type),
      ...(options.length ? { options } : {}),
    });
    return { message: `Created the field “${created.label}” (${created.key}).`, data: created };
  });
}
