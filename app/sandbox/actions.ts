"use server";
// Server actions of the sandbox control panel: parse (zod) -> sandbox enabled? -> lib -> redirect.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireSandboxPanel } from "@/lib/integrations/sandbox/panel-guard";
import { faultSettingsSchema } from "@/lib/integrations/sandbox/accounts";
import { addPanelSubscription, deletePanelRecord, removePanelSubscription, savePanelRecord, setPanelFaults } from "@/lib/integrations/sandbox/panel";

async function guard(): Promise<void> {
  await requireSandboxPanel();
}

const id = z.string().min(1).max(100);

export async function saveFaultsAction(formData: FormData): Promise<void> {
  await guard();
  const accountId = id.parse(formData.get("accountId"));
  const faults = faultSettingsSchema.parse({
    latencyMs: formData.get("latencyMs") ?? 0,
    errorRate: formData.get("errorRate") ?? 0,
    forceRateLimit: formData.get("forceRateLimit") === "on",
    retryAfterSeconds: formData.get("retryAfterSeconds") ?? 10,
    timeoutRate: formData.get("timeoutRate") ?? 0,
    webhookDropRate: formData.get("webhookDropRate") ?? 0,
    webhookDuplicateRate: formData.get("webhookDuplicateRate") ?? 0,
    webhookOutOfOrder: formData.get("webhookOutOfOrder") === "on",
  });
  await setPanelFaults(accountId, faults);
  revalidatePath(`/sandbox/accounts/${accountId}`);
}

export async function saveRecordAction(formData: FormData): Promise<void> {
  await guard();
  const accountId = id.parse(formData.get("accountId"));
  const objectType = id.parse(formData.get("objectType"));
  const externalId = z.string().max(100).parse(formData.get("externalId") ?? "") || null;
  const values: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (k.startsWith("f:") && typeof v === "string") values[k.slice(2)] = v;
  const saved = await savePanelRecord({ accountId, objectType, externalId, values });
  redirect(`/sandbox/accounts/${accountId}/records/${encodeURIComponent(saved)}?object=${encodeURIComponent(objectType)}&saved=1`);
}

export async function deleteRecordAction(formData: FormData): Promise<void> {
  await guard();
  const accountId = id.parse(formData.get("accountId"));
  const objectType = id.parse(formData.get("objectType"));
  const externalId = id.parse(formData.get("externalId"));
  await deletePanelRecord({ accountId, objectType, externalId });
  redirect(`/sandbox/accounts/${accountId}?object=${encodeURIComponent(objectType)}`);
}

export async function addSubscriptionAction(formData: FormData): Promise<void> {
  await guard();
  const accountId = id.parse(formData.get("accountId"));
  const url = z.url().max(2000).parse(formData.get("url"));
  const events = z.string().max(500).parse(formData.get("events") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  await addPanelSubscription({ accountId, url, events });
  revalidatePath(`/sandbox/accounts/${accountId}/webhooks`);
}

export async function removeSubscriptionAction(formData: FormData): Promise<void> {
  await guard();
  const accountId = id.parse(formData.get("accountId"));
  await removePanelSubscription(accountId, id.parse(formData.get("subscriptionId")));
  revalidatePath(`/sandbox/accounts/${accountId}/webhooks`);
}
