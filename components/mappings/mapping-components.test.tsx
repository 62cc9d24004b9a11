// The mapping editor and the conflict inbox render (as the pages do) with real data shapes; the "Create
// field" button appears only where the provider can create fields and the member may change mappings.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MappingEditor, type MappingEditorData } from "@/components/mappings/mapping-editor";
import { ConflictInbox, type ConflictView } from "@/components/conflicts/conflict-inbox";
import { TooltipProvider } from "@/components/ui/tooltip";

const data: MappingEditorData = {
  object: "contact",
  objectLabel: "Contacts",
  providerObjectLabel: "Contacts",
  providerName: "Acme CRM",
  version: 3,
  rules: [
    { hubField: "email", providerField: "email", direction: "both", transforms: [{ kind: "trim" }, { kind: "lowercase" }], conflictPolicy: "last_writer_wins" },
    { hubField: "leadStatus", providerField: "status", direction: "both", transforms: [{ kind: "valueMap", push: { new: "Open" } }], conflictPolicy: "manual" },
    { hubField: "customFields.member_type", providerField: "member_type", direction: "push", transforms: [{ kind: "addTags", tags: ["vip"] }], conflictPolicy: "hub_wins" },
  ],
  customFields: { direction: "both", conflictPolicy: "last_writer_wins" },
  customCandidates: ["member_type", "favorite_product", "score"],
  lastRun: { href: "/w/acme/connections/c1/runs/r1", version: 2, startedAt: "2026-12-01T09:30:00.000Z" },
  versions: [
    { version: 3, createdBy: "Ada", createdAt: "2026-12-01T10:00:00.000Z", note: "Rolled back to version 1", ruleCount: 3 },
    { version: 1, createdBy: "Template default", createdAt: "2026-11-30T10:00:00.000Z", note: null, ruleCount: 2 },
  ],
  fields: [
    { key: "email", label: "Email", type: "email", required: true, readOnly: false, custom: false },
    { key: "status", label: "Status", type: "enum", required: false, readOnly: false, custom: false, options: [{ value: "Open", label: "Open" }] },
    { key: "member_type", label: "Member type", type: "string", required: false, readOnly: false, custom: true },
    { key: "favorite_product", label: "Favorite product", type: "string", required: false, readOnly: false, custom: true },
    { key: "score", label: "Score", type: "number", required: false, readOnly: true, custom: true },
  ],
  fetchedAt: "2026-12-01T09:00:00.000Z",
  fieldsError: null,
  canDescribe: true,
  canCreate: true,
  hubFields: [
    { key: "email", label: "E-mail" },
    { key: "leadStatus", label: "Lead status" },
  ],
  directions: ["both", "pull", "push"],
};

const ok = async () => ({ ok: true as const, message: "ok" });
const actions = { save: ok, rollback: ok, preview: ok, refresh: ok, createField: ok };
const render = (node: React.ReactNode) => renderToStaticMarkup(<TooltipProvider>{node}</TooltipProvider>);

describe("mapping editor", () => {
  it("shows rules, steps, policies and versions; create field and roll back only for admins where the provider can", () => {
    const admin = render(<MappingEditor actions={actions} data={data} canManage />);
    expect(admin).toContain("Member type (member_type) · custom");
    expect(admin).toContain("Map values");
    expect(admin).toContain("new=Open");
    expect(admin).toContain("Tags to add on push");
    expect(admin).toContain("Manual (conflict inbox)");
    expect(admin).toContain("Rolled back to version 1");
    expect(admin).toContain("Create field");
    expect(admin).toContain("Save as new version");
    // the run's mapping version, and the catch-all naming the custom fields it covers (member_type has its own rule)
    expect(admin).toContain("last run used version 2");
    expect(admin).toContain("the Switchboard custom field of the same key: favorite_product, score.");
    const off = render(<MappingEditor actions={actions} data={{ ...data, customFields: null }} canManage />);
    expect(off).toMatch(/<option value="off" selected="">Not synced<\/option>/);
    const noCreate = render(<MappingEditor actions={actions} data={{ ...data, canCreate: false }} canManage />);
    expect(noCreate).not.toContain("Create field");
    const member = render(<MappingEditor actions={actions} data={data} canManage={false} />);
    expect(member).not.toContain("Create field");
    expect(member).not.toContain("Save as new version");
    expect(member).toContain("Only a workspace admin or owner can change mappings.");
  });
});

describe("conflict inbox", () => {
  it("shows both sides with times and sources and highlights conflicts older than a day", () => {
    const row: ConflictView = {
      id: "x1",
      recordTitle: "Ada Lovelace",
      recordHref: "/w/acme/contacts/r1",
      connectionName: "HubSpot A",
      connectionHref: "/w/acme/connections/c1",
      providerName: "HubSpot",
      fieldLabel: "Last name",
      hubValue: "hub-edit",
      hubChangedAt: "2026-12-01T10:00:00.000Z",
      hubSource: "Ada",
      providerValue: "provider-edit",
      providerChangedAt: "2026-12-01T10:05:00.000Z",
      openedAt: "2026-11-29T10:00:00.000Z",
      stale: true,
    };
    const html = render(<ConflictInbox actions={{ resolve: ok, resolveFiltered: ok }} rows={[row, { ...row, id: "x2", stale: false }]} total={2} filter={{}} filterLabel="" />);
    expect(html).toContain("hub-edit");
    expect(html).toContain("2026-12-01 10:00 UTC · by Ada");
    expect(html).toContain("provider-edit");
    expect(html).toContain("2026-12-01 10:05 UTC · in HubSpot A");
    expect(html.match(/data-stale="true"/g)).toHaveLength(1);
    expect(html).toContain("over a day");
  });
});
