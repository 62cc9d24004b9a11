import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { type AppError } from "@/lib/errors/app-error";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { createInvitation } from "@/lib/workspaces/invitations";
import { deleteWorkspace } from "@/lib/workspaces/delete-workspace";

const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as AppError).code;

describe("deleteWorkspace", () => {
  it("only an owner, only with the URL typed; then members, invitations, audit and the data key are gone", async () => {
    const owner = await createTestWorkspace();
    const admin = await addTestMember(owner, "admin");
    await createInvitation(owner, { email: "later@example.test", role: "member" });
    await sealSecret({ workspaceId: owner.workspace.id, ownerId: "c", purpose: "credentials" }, { token: "t" });
    const other = await createTestWorkspace();

    expect(await code(deleteWorkspace(admin, owner.workspace.slug))).toBe("FORBIDDEN");
    expect(await code(deleteWorkspace(owner, "not-the-slug"))).toBe("VALIDATION_FAILED");
    expect(await db.workspace.count({ where: { id: owner.workspace.id } })).toBe(1);

    await deleteWorkspace(owner, ` ${owner.workspace.slug} `);
    const id = owner.workspace.id;
    expect(await db.workspace.count({ where: { id } })).toBe(0);
    expect(await db.membership.count({ where: { workspaceId: id } })).toBe(0);
    expect(await db.invitation.count({ where: { workspaceId: id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { workspaceId: id } })).toBe(0);
    expect(await db.workspaceDataKey.count({ where: { workspaceId: id } })).toBe(0);
    // Users stay; other workspaces are untouched.
    expect(await db.user.count({ where: { id: { in: [owner.user.id, admin.user.id] } } })).toBe(2);
    expect(await db.workspace.count({ where: { id: other.workspace.id } })).toBe(1);
  });
});
