import { describe, expect, it } from "vitest";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { recordAudit } from "@/lib/audit/record-audit";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { auditLogCsv, listAuditLog } from "@/lib/dashboard/audit-log";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("audit log", () => {
  it("merges workspace events and record field diffs, filters them, exports CSV, and is for admins of the workspace only", async () => {
    const owner = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const other = await createTestWorkspace();
    const ws = owner.workspace.id;
    await recordAudit({ workspaceId: ws, actor: { type: "user", userId: owner.user.id }, action: "connection.renamed", target: { type: "connection", id: "c1" }, metadata: { name: "=HYPERLINK(\"x\")", ip: "203.0.113.9" } });
    const { recordId } = await createRecord(owner, "contact", { firstName: "Grace" });
    await updateRecord(owner, "contact", recordId, { firstName: "Grace B." });
    await recordAudit({ workspaceId: other.workspace.id, actor: { type: "system" }, action: "workspace.renamed", target: { type: "workspace" } });

    const all = await listAuditLog(owner, {});
    const mine = all.rows.filter((r) => r.action !== "workspace.created");
    expect(mine.map((r) => r.action)).toEqual(["contact.updated", "contact.created", "connection.renamed"]);
    expect(mine[0]).toMatchObject({ actor: { kind: "user", label: owner.user.name }, target: { id: recordId, href: `/w/${owner.workspace.slug}/contacts/${recordId}` }, diff: [{ field: "firstName", old: "Grace", new: "Grace B." }] });
    expect(mine[2]).toMatchObject({ ip: "203.0.113.9", actor: { kind: "user" } });
    expect(all.rows.some((r) => r.action === "workspace.renamed")).toBe(false);

    expect((await listAuditLog(owner, { kind: "records" })).rows.map((r) => r.action)).toEqual(["contact.updated", "contact.created"]);
    expect((await listAuditLog(owner, { kind: "workspace", q: "renamed" })).rows.map((r) => r.action)).toEqual(["connection.renamed"]);
    expect((await listAuditLog(owner, { actor: "api" })).rows).toEqual([]);
    const page = await listAuditLog(owner, {}, { limit: 2 });
    expect(page.rows).toHaveLength(2);
    expect(page.nextBefore).toBe(page.rows[1]?.at);

    const csv = await readAll(auditLogCsv(owner, { kind: "workspace", q: "connection" }));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("time_utc,actor_kind,actor,action,target_type,target_id,target,ip,changes");
    expect(lines).toHaveLength(2);
    // a value that starts like a formula is neutralised for spreadsheets
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[1]).toContain("203.0.113.9");

    expect((await caughtAppError(listAuditLog(member, {}))).code).toBe("FORBIDDEN");
    expect(() => auditLogCsv(member, {})).toThrow(/admin/);
  });
});
