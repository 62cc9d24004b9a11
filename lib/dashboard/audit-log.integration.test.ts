import { describe, expect, it } from "vitest";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { recordAudit } from "@/lib/audit/record-audit";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { auditLogCsv, listAuditLog } from "@/lib/dashboard/audit-log";
import { db } from "@/lib/db/client";

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
    expect(page.nextBefore).toBe(`${page.rows[1]?.at}|${page.rows[1]?.id}`);

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

  it("stores the client address of a person's or API key's action (never a job's), and pages entries that share a millisecond without loss", async () => {
    const owner = await createTestWorkspace();
    const ws = owner.workspace.id;
    await recordAudit({ workspaceId: ws, actor: { type: "api_key", keyId: "key_1" }, action: "api_key.used", target: { type: "api_key", id: "key_1" }, ip: "2001:db8::7" });
    await recordAudit({ workspaceId: ws, actor: { type: "system" }, action: "sync.cleanup", target: { type: "workspace" }, ip: "10.0.0.1" });
    const rows = (await listAuditLog(owner, { kind: "workspace" })).rows;
    expect(rows.find((r) => r.action === "api_key.used")?.ip).toBe("2001:db8::7");
    expect(rows.find((r) => r.action === "sync.cleanup")?.ip).toBeNull();

    const at = new Date(Date.now() - 60_000);
    await db.auditEvent.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ workspaceId: ws, actorType: "system", action: `tied.${i}`, targetType: "workspace", createdAt: at })) });
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 20; i++) {
      const p = await listAuditLog(owner, { q: "tied", ...(before ? { before } : {}) }, { limit: 2 });
      seen.push(...p.rows.map((r) => r.action));
      if (!p.nextBefore) break;
      before = p.nextBefore;
    }
    expect([...seen].sort()).toEqual(["tied.0", "tied.1", "tied.2", "tied.3", "tied.4"]);
  });
});
