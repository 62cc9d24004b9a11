"use server";
// Server actions of the workspace's sandbox panel: sandboxes on? -> admin or owner of this workspace ->
// parse (zod) -> lib/integrations/sandbox/panel (which scopes every account to the workspace).
import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import type { SandboxActionState } from "@/components/sandbox/action-state";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { sandboxEnabled } from "@/lib/env";
import { actionError } from "@/lib/errors/action-error";
import { faultSettingsSchema } from "@/lib/integrations/sandbox/accounts";
import {
  addPanelAccount,
  addPanelSubscription,
  deletePanelRecord,
  removePanelSubscription,
  savePanelRecord,
  setPanelFaults,
  setPanelRedirectUris,
} from "@/lib/integrations/sandbox/panel";

const id = z.string().min(1).max(100);
const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");

async function adminOf(slug: string) {
  if (!sandboxEnabled()) notFound();
  return requireWorkspaceRole(slug, "admin");
}

const base = (slug: string, accountId: string) => `/w/${slug}/sandbox/${accountId}`;

export async function saveFaultsAction(slug: string, accountId: string, _prev: SandboxActionState, fd: FormData): Promise<SandboxActionState> {
  try {
    const access = await adminOf(slug);
    const faults = faultSettingsSchema.parse({
      latencyMs: str(fd, "latencyMs") || 0,
      errorRate: str(fd, "errorRate") || 0,
      forceRateLimit: fd.get("forceRateLimit") === "on",
      retryAfterSeconds: str(fd, "retryAfterSeconds") || 10,
      timeoutRate: str(fd, "timeoutRate") || 0,
      webhookDropRate: str(fd, "webhookDropRate") || 0,
      webhookDuplicateRate: str(fd, "webhookDuplicateRate") || 0,
      webhookOutOfOrder: fd.get("webhookOutOfOrder") === "on",
    });
    await setPanelFaults(access.workspace.id, id.parse(accountId), faults);
  } catch (err) {
    return actionError(err);
  }
  revalidatePath(base(slug, accountId));
  return { ok: "Fault settings saved." };
}

export async function saveRecordAction(
  slug: string,
  accountId: string,
  objectType: string,
  externalId: string | null,
  _prev: SandboxActionState,
  fd: FormData,
): Promise<SandboxActionState> {
  let saved: string;
  try {
    const access = await adminOf(slug);
    const values: Record<string, string> = {};
    for (const [k, v] of fd.entries()) if (k.startsWith("f:") && typeof v === "string") values[k.slice(2)] = v;
    saved = await savePanelRecord({ workspaceId: access.workspace.id, accountId: id.parse(accountId), objectType: id.parse(objectType), externalId, values });
  } catch (err) {
    return actionError(err);
  }
  if (!externalId) redirect(`${base(slug, accountId)}/records/${encodeURIComponent(saved)}?object=${encodeURIComponent(objectType)}`);
  revalidatePath(`${base(slug, accountId)}/records/${encodeURIComponent(saved)}`);
  return { ok: "Record saved; the provider's webhooks were sent." };
}

export async function deleteRecordAction(slug: string, accountId: string, objectType: string, externalId: string): Promise<SandboxActionState> {
  try {
    const access = await adminOf(slug);
    await deletePanelRecord({ workspaceId: access.workspace.id, accountId: id.parse(accountId), objectType: id.parse(objectType), externalId: id.parse(externalId) });
  } catch (err) {
    return actionError(err);
  }
  redirect(`${base(slug, accountId)}?object=${encodeURIComponent(objectType)}`);
}

const subscriptionSchema = z.object({
  url: z.url({ error: "Enter the full URL the sandbox should deliver to, like https://example.com/hooks" }).max(2000),
  events: z.string().max(500),
  secret: z.string().max(200),
});

export async function addSubscriptionAction(slug: string, accountId: string, _prev: SandboxActionState, fd: FormData): Promise<SandboxActionState> {
  let signingSecret: string | null;
  try {
    const access = await adminOf(slug);
    const parsed = subscriptionSchema.safeParse({ url: str(fd, "url").trim(), events: str(fd, "events"), secret: str(fd, "secret") });
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
      return { error: "Check the highlighted fields.", code: "VALIDATION_FAILED", fields };
    }
    const events = parsed.data.events.split(",").map((e) => e.trim()).filter(Boolean);
    ({ signingSecret } = await addPanelSubscription({ workspaceId: access.workspace.id, accountId: id.parse(accountId), url: parsed.data.url, events, secret: parsed.data.secret.trim() || null }));
  } catch (err) {
    return actionError(err);
  }
  revalidatePath(`${base(slug, accountId)}/webhooks`);
  return signingSecret ? { ok: "Webhook endpoint added; copy its signing secret now.", secret: signingSecret } : { ok: "Webhook target added." };
}

export async function removeSubscriptionAction(slug: string, accountId: string, subscriptionId: string): Promise<SandboxActionState> {
  try {
    const access = await adminOf(slug);
    await removePanelSubscription(access.workspace.id, id.parse(accountId), id.parse(subscriptionId));
  } catch (err) {
    return actionError(err);
  }
  revalidatePath(`${base(slug, accountId)}/webhooks`);
  return { ok: "Webhook target removed." };
}

export async function addAccountAction(slug: string, provider: string, _prev: SandboxActionState, fd: FormData): Promise<SandboxActionState> {
  let created: string;
  try {
    const access = await adminOf(slug);
    const name = z.string().trim().max(100, { error: "Use at most 100 characters" }).parse(str(fd, "name"));
    created = (await addPanelAccount(access.workspace.id, id.parse(provider), name || undefined)).id;
  } catch (err) {
    return actionError(err);
  }
  redirect(base(slug, created));
}

export async function saveRedirectUrisAction(slug: string, accountId: string, _prev: SandboxActionState, fd: FormData): Promise<SandboxActionState> {
  try {
    const access = await adminOf(slug);
    const uris = str(fd, "redirectUris").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const parsed = z.array(z.url()).max(10).safeParse(uris);
    if (!parsed.success) {
      return { error: "Each line must be one absolute http(s) URL, at most 10.", code: "VALIDATION_FAILED", fields: { redirectUris: "Each line must be one absolute http(s) URL (at most 10), like https://tool.example/oauth/callback" } };
    }
    await setPanelRedirectUris(access.workspace.id, id.parse(accountId), parsed.data);
  } catch (err) {
    return actionError(err);
  }
  revalidatePath(base(slug, accountId));
  return { ok: "Redirect URIs saved." };
}
