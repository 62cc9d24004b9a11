// Test helper (not a test): a HubSpot sandbox connection driven by the engine's own push and pull
// steps (each run records its mapping version), for the mapping and conflict integration tests.
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { db } from "@/lib/db/client";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import type { ObjectApi, RawRecord } from "@/lib/integrations/object-contract";
import { createTestSandbox, sandboxConnectionContext } from "@/lib/integrations/sandbox/test-context";
import { beginPull, beginPush, endPull, endPush, pullStep, pushStep } from "@/lib/sync/sync-jobs";
import { ensureSyncSettings } from "@/lib/sync/sync-settings";

export type Setup = { owner: WorkspaceAccess; member: WorkspaceAccess; connectionId: string; api: ObjectApi };

/** A workspace with a HubSpot sandbox connection; `sameWorkspace` adds another connection (another portal) to its workspace. */
export async function hubspotSyncSetup(origin: string, count = 0, sameWorkspace?: Setup): Promise<Setup> {
  const sbx = await createTestSandbox("hubspot", {
    count,
    ...(sameWorkspace ? { workspaceId: sameWorkspace.owner.workspace.id, userId: sameWorkspace.owner.user.id, key: "second" } : {}),
  });
  const connection = await db.connection.create({
    data: { workspaceId: sbx.workspaceId, provider: "hubspot", name: sameWorkspace ? "HubSpot B" : "HubSpot A", environment: "sandbox", authKind: "api_key", status: "active", credentialsSealed: "unused-in-this-test" },
  });
  await ensureSyncSettings(connection);
  const ctx = sandboxConnectionContext({ provider: hubspot, origin, authKind: "api_key", credentials: { accessToken: sbx.apiKey } });
  const api = hubspot.createClient(ctx as Parameters<typeof hubspot.createClient>[0]).objects.contacts;
  if (!api) throw new Error("no contacts api");
  const workspace = { id: sbx.workspaceId, slug: sbx.workspaceSlug, name: "Sandbox" };
  const user = { id: sbx.userId, email: "owner@example.test", name: "Owner" };
  return { owner: { user, workspace, role: "owner" } as WorkspaceAccess, member: { user, workspace, role: "member" } as WorkspaceAccess, connectionId: connection.id, api };
}

/** A push through the engine's steps; the run (null when there was nothing to push). */
export async function pushContacts(s: Setup) {
  const began = await beginPush(s.connectionId, "contact");
  if (!("runId" in began)) throw new Error(began.skipped);
  for (let i = 0; i < 50 && (await pushStep({ runId: began.runId, connectionId: s.connectionId, object: "contact", api: s.api })).processed > 0; i++);
  await endPush({ runId: began.runId, connectionId: s.connectionId, object: "contact" });
  return db.syncRun.findUnique({ where: { id: began.runId } });
}

export async function pullContacts(s: Setup) {
  const began = await beginPull(s.connectionId, "contact", "incremental", "manual");
  if (!("runId" in began)) throw new Error(began.skipped);
  const step = { runId: began.runId, connectionId: s.connectionId, object: "contact" as const, mode: began.mode, startedAt: began.startedAt, api: s.api };
  for (let i = 0; i < 50; i++) if (!(await pullStep({ ...step, cursor: null })).hasMore) break;
  await endPull(step);
  return db.syncRun.findUniqueOrThrow({ where: { id: began.runId } });
}

export async function remoteContact(s: Setup, email: string): Promise<RawRecord | undefined> {
  const page = await s.api.listAll!({ cursor: null, limit: 100 });
  return page.items.find((r) => String(r.fields.email ?? "") === email);
}
