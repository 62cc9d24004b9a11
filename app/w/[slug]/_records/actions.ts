"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { fieldsFromForm } from "@/lib/records/form-input";
import { recordObjects } from "@/lib/records/record-objects";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import { retryPush } from "@/lib/sync/request-sync";
import type { RecordFormState } from "@/components/records/record-form";

const objectSchema = z.enum(["contact", "order", "product", "appointment", "opportunity"]);

function formValues(fd: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of fd.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v.slice(0, 10_000);
  return out;
}

export async function saveRecordAction(
  slug: string,
  object: string,
  recordId: string | null,
  version: number | null,
  prev: RecordFormState,
  fd: FormData,
): Promise<RecordFormState> {
  const kind = objectSchema.parse(object);
  const def = recordObjects[kind];
  const access = await requireWorkspace(slug);
  const values = formValues(fd);
  let id: string;
  try {
    const fields = fieldsFromForm(def, values);
    const res = recordId ? await updateRecord(access, kind, recordId, fields, version ?? undefined) : await createRecord(access, kind, fields);
    id = res.recordId;
  } catch (err) {
    const e = actionError(err);
    const hasFields = Object.keys(e.fields).length > 0;
    return { ok: false, message: e.error, code: e.code, ...(hasFields ? { fieldErrors: e.fields } : {}), values, attempt: (prev?.attempt ?? 0) + 1 };
  }
  const base = `/w/${access.workspace.slug}/${def.path}`;
  revalidatePath(base);
  redirect(`${base}/${id}?saved=1`);
}

export async function deleteRecordAction(slug: string, object: string, recordId: string): Promise<{ message: string; code?: string } | undefined> {
  const kind = objectSchema.parse(object);
  const access = await requireWorkspace(slug);
  try {
    await deleteRecord(access, kind, recordId);
  } catch (err) {
    const e = actionError(err);
    return { message: e.error, code: e.code };
  }
  const base = `/w/${access.workspace.slug}/${recordObjects[kind].path}`;
  revalidatePath(base);
  redirect(`${base}?deleted=1`);
}

/** "Sync this record now": push the record to one connection again. */
export async function syncRecordNowAction(slug: string, object: string, recordId: string, connectionId: string): Promise<{ ok: boolean; message: string; code?: string }> {
  const kind = objectSchema.parse(object);
  const access = await requireWorkspace(slug);
  try {
    await retryPush(access, connectionId, kind, recordId);
    return { ok: true, message: "Queued: the record is pushed to this connection in a moment." };
  } catch (err) {
    const e = actionError(err);
    return { ok: false, message: e.error, code: e.code };
  }
}
