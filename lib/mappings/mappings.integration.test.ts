// The mapping editor's server side against the HubSpot sandbox over real HTTP: unworkable mappings are
// refused with the field named; a custom field created from the editor exists at the provider and
// receives values on the next push; transforms and conflict policies act on real records; every run
// records the mapping version; rolling back restores the earlier behaviour; the preview maps real records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { FieldMappingRule } from "@/lib/integrations/field-mapping";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { listMappingVersions, loadCurrentMapping, rollbackMapping, saveMapping } from "@/lib/mappings/mapping-versions";
import { mappingTarget } from "@/lib/mappings/mapping-target";
import { createProviderField, providerFields } from "@/lib/mappings/provider-fields";
import { previewMapping } from "@/lib/mappings/preview-mapping";
import { hubspotSyncSetup, pullContacts as pull, pushContacts as push, remoteContact as remote, type Setup } from "@/lib/mappings/sync-test-setup";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
const setup = (count = 0) => hubspotSyncSetup(server.origin, count);
beforeAll(async () => {
  server = await startSandboxServer();
});
afterAll(async () => {
  await server.close();
});

async function rules(s: Setup): Promise<FieldMappingRule[]> {
  return (await loadCurrentMapping(await mappingTarget(s.owner, s.connectionId, "contact"))).mapping.rules;
}

function withRule(list: FieldMappingRule[], hubField: string, change: Partial<FieldMappingRule>): FieldMappingRule[] {
  return list.map((r) => (r.hubField === hubField ? { ...r, ...change } : r));
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("mapping editor on the HubSpot sandbox", () => {
  it("refuses a mapping that cannot work, naming the field, and lets only admins change it", async () => {
    const s = await setup();
    const base = await rules(s);
    const fields = await providerFields(s.owner, s.connectionId, "contact", { api: s.api });
    expect(fields.canCreate).toBe(true);
    expect(fields.fields?.some((f) => f.key === "firstname")).toBe(true);
    // the template's default mapping itself passes
    expect((await saveMapping(s.owner, s.connectionId, "contact", { rules: base }, { api: s.api })).unchanged).toBe(true);

    const unknown = await refused(saveMapping(s.owner, s.connectionId, "contact", { rules: [...base, { hubField: "region", providerField: "no_such_field", direction: "both", conflictPolicy: "hub_wins" }] }, { api: s.api }));
    expect(unknown.code).toBe("VALIDATION_FAILED");
    expect(unknown.message).toContain("no_such_field");
    const mismatch = await refused(saveMapping(s.owner, s.connectionId, "contact", { rules: [...base, { hubField: "tags", providerField: "jobtitle", direction: "both", conflictPolicy: "hub_wins" }] }, { api: s.api }));
    expect(mismatch.message).toMatch(/Type mismatch: “Tags” gives a list/);
    expect(mismatch.message).toContain("jobtitle");
    const readOnly = await refused(saveMapping(s.owner, s.connectionId, "contact", { rules: withRule(base, "subscribed", { direction: "both" }) }, { api: s.api }));
    expect(readOnly.message).toMatch(/hs_email_optout\) is read-only/);
    const forbidden = await refused(saveMapping(s.member, s.connectionId, "contact", { rules: base }, { api: s.api }));
    expect(forbidden.code).toBe("FORBIDDEN");
    expect((await listMappingVersions(s.owner, s.connectionId, "contact")).map((v) => v.version)).toEqual([1]);
  });

  it("creates a custom field at the provider that receives values on the next push; the run records the new version", async () => {
    const s = await setup();
    const created = await createProviderField(s.owner, s.connectionId, "contact", { key: "member_type", label: "Member type", type: "string" }, { api: s.api });
    expect(created.key).toBe("member_type");
    expect((await s.api.describeFields!()).some((f) => f.key === "member_type" && f.custom)).toBe(true);
    // the cached list knows it without another call
    expect((await providerFields(s.owner, s.connectionId, "contact")).fields?.some((f) => f.key === "member_type")).toBe(true);
    await createRecord(s.owner, "contact", { firstName: "Ada", email: "ada.member@example.test" });
    expect((await push(s))?.mappingVersion).toBe(1);
    const saved = await saveMapping(s.owner, s.connectionId, "contact", { rules: [...(await rules(s)), { hubField: "customFields.member_type", providerField: "member_type", direction: "both", conflictPolicy: "hub_wins" }], expectedVersion: 1 }, { api: s.api });
    expect(saved.version).toBe(2);
    const rec = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: s.owner.workspace.id, emailKey: "ada.member@example.test" } });
    await updateRecord(s.owner, "contact", rec.id, { "customFields.member_type": "gold" });
    const run = await push(s);
    expect(run?.mappingVersion).toBe(2);
    expect(run?.updatedCount).toBe(1);
    expect((await remote(s, "ada.member@example.test"))?.fields.member_type).toBe("gold");
    // a stale editor cannot overwrite the newer version
    expect((await refused(saveMapping(s.owner, s.connectionId, "contact", { rules: await rules(s), expectedVersion: 1 }, { api: s.api }))).code).toBe("CONFLICT");
  });

  it("applies transforms on push and pull, and a roll back restores the earlier behaviour", async () => {
    const s = await setup();
    const v1 = await rules(s);
    await saveMapping(s.owner, s.connectionId, "contact", { rules: withRule(withRule(v1, "firstName", { transforms: [{ kind: "trim" }, { kind: "uppercase" }] }), "lastName", { transforms: [{ kind: "titleCase" }] }) }, { api: s.api });
    const made = await createRecord(s.owner, "contact", { firstName: " ada ", lastName: "lovelace", email: "ada.case@example.test" });
    await push(s);
    expect((await remote(s, "ada.case@example.test"))?.fields).toMatchObject({ firstname: "ADA", lastname: "Lovelace" });
    const theirs = await s.api.create!({ email: "grace.case@example.test", firstname: "grace", lastname: "HOPPER" });
    const pulled = await pull(s);
    expect(pulled.mappingVersion).toBe(2);
    const grace = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: s.owner.workspace.id, emailKey: "grace.case@example.test" } });
    expect(grace.data).toMatchObject({ firstName: "GRACE", lastName: "Hopper" });

    const back = await rollbackMapping(s.owner, s.connectionId, "contact", 1, { api: s.api });
    expect(back.version).toBe(3);
    expect((await listMappingVersions(s.owner, s.connectionId, "contact"))[0]).toMatchObject({ version: 3, note: "Rolled back to version 1" });
    await updateRecord(s.owner, "contact", made.recordId, { firstName: "ada", lastName: "byron" });
    const run = await push(s);
    expect(run?.mappingVersion).toBe(3);
    expect((await remote(s, "ada.case@example.test"))?.fields).toMatchObject({ firstname: "ada", lastname: "byron" });
    await s.api.update!(theirs.externalId, { lastname: "HOPPER-MURRAY" });
    await pull(s);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: grace.id } })).data).toMatchObject({ lastName: "HOPPER-MURRAY" });
  });

  it("pushes through the other transforms of the list: full name, constant, default, tags, date format, E.164", async () => {
    const s = await setup();
    await createProviderField(s.owner, s.connectionId, "contact", { key: "signup_day", label: "Signup day", type: "string" }, { api: s.api });
    const extra: FieldMappingRule[] = [
      { hubField: "firstName", providerField: "jobtitle", direction: "push", transforms: [{ kind: "fullName", part: "first", otherField: "lastName" }], conflictPolicy: "hub_wins" },
      { hubField: "source", providerField: "website", direction: "push", transforms: [{ kind: "constant", value: "switchboard" }], conflictPolicy: "hub_wins" },
      { hubField: "region", providerField: "city", direction: "push", transforms: [{ kind: "defaultValue", value: "Unknown" }], conflictPolicy: "hub_wins" },
      { hubField: "tags", providerField: "address", direction: "push", transforms: [{ kind: "addTags", tags: ["event:webinar"] }, { kind: "splitJoin", separator: ";" }], conflictPolicy: "hub_wins" },
      { hubField: "customFields.signup", providerField: "signup_day", direction: "push", transforms: [{ kind: "dateFormat", format: "dd/mm/yyyy" }], conflictPolicy: "hub_wins" },
    ];
    await saveMapping(s.owner, s.connectionId, "contact", { rules: [...(await rules(s)), ...extra] }, { api: s.api });
    await createRecord(s.owner, "contact", { firstName: "Ada", lastName: "Lovelace", email: "ada.all@example.test", phone: "+44 20 7946 0958", source: "fair", tags: ["vip"], "customFields.signup": "2026-03-04T10:00:00.000Z" });
    await push(s);
    expect((await remote(s, "ada.all@example.test"))?.fields).toMatchObject({
      jobtitle: "Ada Lovelace",
      website: "switchboard",
      city: "Unknown",
      address: "vip;event:webinar",
      signup_day: "04/03/2026",
      phone: "+442079460958",
    });
  });

  it("applies each conflict policy to a field both sides changed", async () => {
    const s = await setup();
    const v1 = await rules(s);
    const expected = { hub_wins: "hub", provider_wins: "provider", last_writer_wins: "provider", fill_if_empty: "hub", never_overwrite: "hub", manual: "hub" } as const;
    let n = 0;
    for (const [policy, winner] of Object.entries(expected)) {
      n++;
      const email = `policy${n}@example.test`;
      await saveMapping(s.owner, s.connectionId, "contact", { rules: withRule(v1, "lastName", { conflictPolicy: policy as FieldMappingRule["conflictPolicy"] }) }, { api: s.api });
      const made = await createRecord(s.owner, "contact", { firstName: "P", lastName: "start", email });
      await push(s);
      const link = await db.recordLink.findFirstOrThrow({ where: { recordId: made.recordId, connectionId: s.connectionId } });
      await updateRecord(s.owner, "contact", made.recordId, { lastName: "hub-edit" });
      await s.api.update!(link.externalId!, { lastname: "provider-edit" });
      await pull(s);
      const after = (await db.hubRecord.findUniqueOrThrow({ where: { id: made.recordId } })).data as Record<string, unknown>;
      expect({ policy, lastName: after.lastName }).toEqual({ policy, lastName: winner === "hub" ? "hub-edit" : "provider-edit" });
      const conflicts = await db.syncConflict.count({ where: { recordId: made.recordId, status: "open" } });
      expect({ policy, conflicts }).toEqual({ policy, conflicts: policy === "manual" ? 1 : 0 });
    }
  });

  it("previews a draft mapping on real provider and hub records without saving it", async () => {
    const s = await setup(5);
    await createRecord(s.owner, "contact", { firstName: "Hub", lastName: "Side", email: "hub.side@example.test" });
    const draft = withRule(await rules(s), "firstName", { transforms: [{ kind: "uppercase" }] });
    const preview = await previewMapping(s.owner, s.connectionId, "contact", { rules: draft }, { api: s.api });
    expect(preview.providerError).toBeNull();
    expect(preview.fromProvider).toHaveLength(5);
    const i = draft.findIndex((r) => r.hubField === "firstName");
    for (const row of preview.fromProvider) {
      const cell = row.cells.find((c) => c.rule === i)!;
      expect(cell.hubDraft).toBe(typeof cell.providerValue === "string" ? cell.providerValue.toUpperCase() : cell.providerValue);
    }
    const hubRow = preview.fromHub.find((r) => r.title === "Hub Side")!;
    expect(hubRow.cells.find((c) => c.rule === i)).toMatchObject({ hubValue: "Hub", providerDraft: "HUB", providerNow: "Hub" });
    expect((await listMappingVersions(s.owner, s.connectionId, "contact")).map((v) => v.version)).toEqual([1]);
  });

  it("syncs every custom field without its own rule through the catch-all, and stops when it is switched off", async () => {
    const s = await setup();
    const theirs = await s.api.create!({ email: "catch.all@example.test", firstname: "Cat", favorite_product: "Tea" });
    // the first pull reads the provider's fields (nothing cached yet): favorite_product is custom
    await pull(s);
    const rec = await db.hubRecord.findFirstOrThrow({ where: { workspaceId: s.owner.workspace.id, emailKey: "catch.all@example.test" } });
    expect(rec.data).toMatchObject({ firstName: "Cat", "customFields.favorite_product": "Tea" });
    await updateRecord(s.owner, "contact", rec.id, { "customFields.favorite_product": "Coffee" });
    await push(s);
    expect((await remote(s, "catch.all@example.test"))?.fields.favorite_product).toBe("Coffee");
    // a contact that never had the field does not blank it at the provider
    await createRecord(s.owner, "contact", { firstName: "Plain", email: "plain.catch@example.test" });
    await push(s);
    expect((await remote(s, "plain.catch@example.test"))?.fields.favorite_product ?? null).toBeNull();

    const off = await saveMapping(s.owner, s.connectionId, "contact", { rules: await rules(s), customFields: null }, { api: s.api });
    expect(off).toEqual({ version: 2, unchanged: false });
    expect((await loadCurrentMapping(await mappingTarget(s.owner, s.connectionId, "contact"))).mapping.customFields).toBeUndefined();
    await s.api.update!(theirs.externalId, { favorite_product: "Juice", firstname: "Kat" });
    await pull(s);
    expect((await db.hubRecord.findUniqueOrThrow({ where: { id: rec.id } })).data).toMatchObject({ firstName: "Kat", "customFields.favorite_product": "Coffee" });
  });
});
