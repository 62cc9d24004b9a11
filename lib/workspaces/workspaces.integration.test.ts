import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { type AppError } from "@/lib/errors/app-error";
import { addTestMember, createTestUser, createTestWorkspace } from "@/lib/testing/factories";
import { acceptInvitation, createInvitation, listPendingInvitations, previewInvitation, revokeInvitation } from "@/lib/workspaces/invitations";
import { changeMemberRole, listMembers, listUserWorkspaces, removeMember } from "@/lib/workspaces/members";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";
import { listMailbox } from "@/lib/mail/local-mailbox";
import { caughtAppError } from "@/lib/testing/caught-app-error";

const code = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as AppError).code;

describe("invitations", () => {
  it("invite -> mailed to the invitee -> accept by the invited, verified address -> member; the link is single-use", async () => {
    const owner = await createTestWorkspace();
    const invitee = await createTestUser({ verified: false });
    const { token, mailed } = await createInvitation(owner, { email: invitee.email.toUpperCase(), role: "admin" });
    expect(mailed).toBe(true);
    const [mail] = await listMailbox(invitee.email);
    expect(mail?.subject).toContain(owner.workspace.name);
    expect(mail?.text).toContain(`/invite/${token}`);
    const stored = await db.invitation.findFirstOrThrow({ where: { workspaceId: owner.workspace.id } });
    expect(stored.tokenHash).not.toBe(token);
    expect(await previewInvitation(token)).toMatchObject({ state: "valid", email: invitee.email, role: "admin" });

    const stranger = await createTestUser();
    expect(await code(acceptInvitation(stranger, token))).toBe("FORBIDDEN");
    // The right address, not yet verified: the link alone does not let anyone in.
    const unverified = await caughtAppError(acceptInvitation(invitee, token));
    expect(unverified).toMatchObject({ code: "FORBIDDEN", details: { reason: "email_unverified" } });
    expect(await db.membership.count({ where: { workspaceId: owner.workspace.id, userId: invitee.id } })).toBe(0);
    await db.user.update({ where: { id: invitee.id }, data: { emailVerifiedAt: new Date() } });

    expect(await acceptInvitation(invitee, token)).toEqual({ workspaceSlug: owner.workspace.slug });
    expect((await listMembers(owner.workspace.id)).map((m) => [m.email, m.role])).toContainEqual([invitee.email, "admin"]);
    expect(await code(acceptInvitation(invitee, token))).toBe("NOT_FOUND");
    expect(await previewInvitation(token)).toEqual({ state: "invalid" });
  });

  it("members cannot invite; admins cannot invite owners; revoked and expired links are invalid", async () => {
    const owner = await createTestWorkspace();
    const member = await addTestMember(owner, "member");
    const admin = await addTestMember(owner, "admin");
    expect(await code(createInvitation(member, { email: "x@example.test", role: "member" }))).toBe("FORBIDDEN");
    expect(await code(createInvitation(admin, { email: "x@example.test", role: "owner" }))).toBe("FORBIDDEN");
    const { token, invitation } = await createInvitation(admin, { email: "x@example.test", role: "member" });
    await revokeInvitation(admin, invitation.id);
    expect(await previewInvitation(token)).toEqual({ state: "invalid" });
    const second = await createInvitation(admin, { email: "y@example.test", role: "member" });
    await db.invitation.update({ where: { id: second.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await previewInvitation(second.token)).toEqual({ state: "invalid" });
    expect(await listPendingInvitations(owner.workspace.id)).toEqual([]);
  });

  it("cannot revoke another workspace's invitation", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const { invitation } = await createInvitation(a, { email: "z@example.test", role: "member" });
    expect(await code(revokeInvitation(b, invitation.id))).toBe("NOT_FOUND");
    expect(await listPendingInvitations(a.workspace.id)).toHaveLength(1);
  });
});

describe("members", () => {
  it("keeps at least one owner, and only owners touch owners", async () => {
    const owner = await createTestWorkspace();
    const admin = await addTestMember(owner, "admin");
    expect(await code(removeMember(owner, owner.user.id))).toBe("CONFLICT");
    expect(await code(changeMemberRole(owner, owner.user.id, "member"))).toBe("CONFLICT");
    expect(await code(removeMember(admin, owner.user.id))).toBe("FORBIDDEN");
    expect(await code(changeMemberRole(admin, admin.user.id, "owner"))).toBe("FORBIDDEN");
    await changeMemberRole(owner, admin.user.id, "owner");
    await removeMember(owner, owner.user.id); // another owner exists now
    expect(await listUserWorkspaces(owner.user.id)).toEqual([]);
    expect((await listMembers(owner.workspace.id)).map((m) => m.role)).toEqual(["owner"]);
  });

  it("a member of workspace A cannot remove someone from workspace B", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const bMember = await addTestMember(b, "member");
    // `a` is owner of A; the access object scopes every query to A, so B's member is not found there.
    expect(await code(removeMember(a, bMember.user.id))).toBe("NOT_FOUND");
    expect(await listMembers(b.workspace.id)).toHaveLength(2);
  });
});

describe("renameWorkspace", () => {
  it("renames, refuses a taken or reserved slug and keeps the old values", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    expect(await code(renameWorkspace(a, { name: "New", slug: b.workspace.slug }))).toBe("SLUG_TAKEN");
    const unchanged = await db.workspace.findUniqueOrThrow({ where: { id: a.workspace.id } });
    expect(unchanged.slug).toBe(a.workspace.slug);
    const slug = `renamed-${Date.now().toString(36)}`;
    expect(await renameWorkspace(a, { name: "Renamed Co", slug })).toEqual({ name: "Renamed Co", slug });
    const member = await addTestMember(a, "member");
    expect(await code(renameWorkspace(member, { name: "Nope", slug: "nope-nope" }))).toBe("FORBIDDEN");
  });
});
