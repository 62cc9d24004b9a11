// The conflict inbox against two HubSpot sandbox portals: a manual-policy field edited on both sides opens
// a conflict; taking the provider's value updates the hub through the write path and pushes it to every
// connection; keeping the hub's value sends it back to the provider; bulk resolution by filter; counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { loadCurrentMapping, saveMapping } from "@/lib/mappings/mapping-versions";
import { mappingTarget } from "@/lib/mappings/mapping-target";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import { hubspotSyncSetup, pullContacts, pushContacts, remoteContact, type Setup } from "@/lib/mappings/sync-test-setup";
import { countOpenConflicts, listOpenConflicts, openConflictsByConnection } from "@/lib/conflicts/list-conflicts";
import { resolveConflict, resolveConflicts } from "@/lib/conflicts/resolve-conflict";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

async function manualLastName(s: Setup) {
  const { mapping } = await loadCurrentMapping(await mappingTarget(s.owner, s.connectionId, "contact"));
  await saveMapping(s.owner, s.connectionId, "contact", { rules: mapping.rules.map((r) => (r.hubField === "lastName" ? { ...r, conflictPolicy: "manual" as const } : r)) }, { api: s.api });
}

/** A contact in the hub and at A and B, then edited in the hub and at A: an open lastName conflict on A. */
async function conflictOn(a: Setup, b: Setup, email: string) {
  const made = await createRecord(a.owner, "contact", { firstName: "C", lastName: "start", email });
  await pushContacts(a);
  await pushContacts(b);
  const link = await db.recordLink.findFirstOrThrow({ where: { recordId: made.recordId, connectionId: a.connectionId } });
  await updateRecord(a.owner, "contact", made.recordId, { lastName: "hub-edit" });
  await pushContacts(b);
  await a.api.update!(link.externalId!, { lastname: "provider-edit" });
  await pullContacts(a);
  return made.recordId;
}

describe("conflict inbox", () => {
  it("lists a manual conflict with both sides and resolves it by taking the provider's value everywhere", async () => {
    const a = await hubspotSyncSetup(server.origin);
    const b = await hubspotSyncSetup(server.origin, 0, a);
    await manualLastName(a);
    const recordId = await conflictOn(a, b, "both.sides@example.test");
    const { rows, total } = await listOpenConflicts(a.owner);
    expect(total).toBe(1);
    expect(rows[0]).toMatchObject({ recordId, connectionName: "HubSpot A", field: "lastName", fieldLabel: "Last name", hubValue: "hub-edit", hubSource: (await db.user.findUniqueOrThrow({ where: { id: a.owner.user.id } })).name, providerValue: "provider-edit", stale: false });
    expect(rows[0]?.hubChangedAt).toBeInstanceOf(Date);
    expect(await countOpenConflicts(a.owner.workspace.id)).toBe(1);
    expect((await openConflictsByConnection(a.owner.workspace.id)).get(a.connectionId)).toBe(1);
    // a day later it is highlighted
    expect((await listOpenConflicts(a.owner, {}, new Date(Date.now() + 25 * 3600_000))).rows[0]?.stale).toBe(true);

    await resolveConflict(a.owner, rows[0]!.id, { kind: "provider" });
    const rec = await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } });
    expect((rec.data as Record<string, unknown>).lastName).toBe("provider-edit");
    const change = await db.recordChange.findFirstOrThrow({ where: { recordId }, orderBy: { version: "desc" } });
    expect(change.source).toBe(`user:${a.owner.user.id}`);
    await pushContacts(b);
    await pushContacts(a);
    expect((await remoteContact(b, "both.sides@example.test"))?.fields.lastname).toBe("provider-edit");
    expect((await remoteContact(a, "both.sides@example.test"))?.fields.lastname).toBe("provider-edit");
    expect(await countOpenConflicts(a.owner.workspace.id)).toBe(0);
    expect((await db.syncConflict.findFirstOrThrow({ where: { recordId } })).resolution).toBe("provider");
    expect((await AppErrorOf(resolveConflict(a.owner, rows[0]!.id, { kind: "hub" }))).code).toBe("CONFLICT");
  });

  it("keeping the hub's value sends it back to the provider; an entered value goes through validation", async () => {
    const a = await hubspotSyncSetup(server.origin);
    const b = await hubspotSyncSetup(server.origin, 0, a);
    await manualLastName(a);
    const recordId = await conflictOn(a, b, "keep.hub@example.test");
    const [conflict] = (await listOpenConflicts(a.owner, { connectionId: a.connectionId })).rows;
    await resolveConflict(a.owner, conflict!.id, { kind: "hub" });
    await pushContacts(a);
    expect((await remoteContact(a, "keep.hub@example.test"))?.fields.lastname).toBe("hub-edit");
    expect(((await db.hubRecord.findUniqueOrThrow({ where: { id: recordId } })).data as Record<string, unknown>).lastName).toBe("hub-edit");

    const other = await conflictOn(a, b, "typed@example.test");
    const [second] = (await listOpenConflicts(a.owner, { field: "lastName" })).rows;
    expect(second?.recordId).toBe(other);
    await resolveConflict(a.owner, second!.id, { kind: "value", value: "Typed" });
    await pushContacts(a);
    await pushContacts(b);
    expect((await remoteContact(a, "typed@example.test"))?.fields.lastname).toBe("Typed");
    expect((await remoteContact(b, "typed@example.test"))?.fields.lastname).toBe("Typed");
  });

  it("resolves in bulk by filter and refuses another workspace's conflict", async () => {
    const a = await hubspotSyncSetup(server.origin);
    const b = await hubspotSyncSetup(server.origin, 0, a);
    await manualLastName(a);
    const ids = [await conflictOn(a, b, "bulk1@example.test"), await conflictOn(a, b, "bulk2@example.test")];
    const stranger = await hubspotSyncSetup(server.origin);
    const [one] = (await listOpenConflicts(a.owner)).rows;
    expect((await AppErrorOf(resolveConflict(stranger.owner, one!.id, { kind: "hub" }))).code).toBe("NOT_FOUND");
    expect(await resolveConflicts(stranger.owner, { connectionId: a.connectionId }, { kind: "provider" })).toEqual({ resolved: 0, failed: [] });
    const res = await resolveConflicts(a.owner, { connectionId: a.connectionId, field: "lastName" }, { kind: "provider" });
    expect(res).toEqual({ resolved: 2, failed: [] });
    const recs = await db.hubRecord.findMany({ where: { id: { in: ids } } });
    expect(recs.map((r) => (r.data as Record<string, unknown>).lastName)).toEqual(["provider-edit", "provider-edit"]);
  });
});

async function AppErrorOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
