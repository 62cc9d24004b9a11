"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireWorkspace, requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { renameConnection } from "@/lib/connections/rename-connection";
import { rotateWebhookSecret } from "@/lib/connections/rotate-webhook-secret";
import { setSyncEnabled } from "@/lib/connections/set-sync-enabled";
import { formFields } from "@/lib/connections/template-dto";
import { readFields } from "@/lib/connections/parse-connect-form";
import { loadConnection, providerOf } from "@/lib/connections/load-connection";
import { updateConnectionConfig } from "@/lib/connections/update-connection-config";
import { startOAuth } from "@/lib/connections/start-oauth";
import { testConnection } from "@/lib/connections/test-connection";

export type ConnectionActionState = { error?: string; code?: string; ok?: string; fields?: Record<string, string> } | undefined;

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");

const fail = (err: unknown): ConnectionActionState => actionError(err);

function done(slug: string, id: string, ok: string): ConnectionActionState {
  revalidatePath(`/w/${slug}/connections/${id}`);
  return { ok };
}

export async function testConnectionAction(slug: string, id: string): Promise<ConnectionActionState> {
  const access = await requireWorkspace(slug);
  try {
    const result = await testConnection(access, id);
    revalidatePath(`/w/${slug}/connections/${id}`);
    return result.ok
      ? { ok: `Connection works: ${result.accountName ? `${result.accountName} (${result.accountId})` : `account ${result.accountId}`}.` }
      : { error: result.message, code: result.code };
  } catch (err) {
    return fail(err);
  }
}

export async function setSyncAction(slug: string, id: string, enabled: boolean): Promise<ConnectionActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  try {
    await setSyncEnabled(access, id, enabled);
  } catch (err) {
    return fail(err);
  }
  return done(slug, id, enabled ? "Sync enabled." : "Sync disabled.");
}

export async function renameConnectionAction(slug: string, id: string, _prev: ConnectionActionState, fd: FormData): Promise<ConnectionActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  try {
    await renameConnection(access, id, str(fd, "name"));
  } catch (err) {
    const state = fail(err);
    return state?.fields && Object.keys(state.fields).length === 0 ? { ...state, fields: { name: state.error ?? "" } } : state;
  }
  return done(slug, id, "Renamed.");
}

export async function updateConnectionConfigAction(slug: string, id: string, _prev: ConnectionActionState, fd: FormData): Promise<ConnectionActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  let changed: string[];
  try {
    const def = providerOf(await loadConnection(access.workspace.id, id));
    ({ changed } = await updateConnectionConfig(access, id, readFields(fd, formFields("config", def.configSchema))));
  } catch (err) {
    return fail(err);
  }
  return done(slug, id, changed.length === 0 ? "Nothing changed." : "Settings saved.");
}

export async function rotateWebhookSecretAction(slug: string, id: string): Promise<ConnectionActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  try {
    await rotateWebhookSecret(access, id);
  } catch (err) {
    return fail(err);
  }
  return done(slug, id, "Webhook secret rotated. Deliveries signed with the old secret are now refused.");
}

export async function reconnectAction(slug: string, id: string): Promise<ConnectionActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  let authorizeUrl: string;
  try {
    ({ authorizeUrl } = await startOAuth(access, { provider: "-", environment: "sandbox", name: "reconnect", reconnectId: id }));
  } catch (err) {
    return fail(err);
  }
  redirect(authorizeUrl);
}

export async function deleteConnectionAction(slug: string, id: string, _prev: ConnectionActionState, fd: FormData): Promise<ConnectionActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  try {
    await deleteConnection(access, id, str(fd, "confirm"));
  } catch (err) {
    return fail(err);
  }
  revalidatePath(`/w/${slug}/connections`);
  redirect(`/w/${slug}/connections?deleted=1`);
}
