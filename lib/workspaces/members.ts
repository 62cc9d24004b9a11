// Workspace membership: list, remove, change role. Every function takes the workspace id from a verified
// WorkspaceAccess and the acting user, never from the client.
import { db } from "@/lib/db/client";
import type { Role as MemberRole } from "@/lib/auth/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record-audit";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";

export type MemberDto = { userId: string; name: string; email: string; role: MemberRole; joinedAt: string };

export async function listMembers(workspaceId: string): Promise<MemberDto[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => ({ userId: r.user.id, name: r.user.name, email: r.user.email, role: r.role, joinedAt: r.createdAt.toISOString() }));
}

async function ownerCount(workspaceId: string): Promise<number> {
  return db.membership.count({ where: { workspaceId, role: "owner" } });
}

export async function removeMember(access: WorkspaceAccess, userId: string): Promise<void> {
  const self = userId === access.user.id;
  if (!self && !roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only owners and admins can remove members");
  const target = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: access.workspace.id, userId } },
    select: { role: true, user: { select: { email: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "This person is not a member of the workspace");
  if (target.role === "owner" && !self && access.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner can remove another owner");
  if (target.role === "owner" && (await ownerCount(access.workspace.id)) <= 1) {
    throw new AppError("CONFLICT", "A workspace needs at least one owner. Make someone else an owner first.");
  }
  await db.$transaction(async (tx) => {
    await tx.membership.delete({ where: { workspaceId_userId: { workspaceId: access.workspace.id, userId } } });
    await recordAudit(
      { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: self ? "member.left" : "member.removed", target: { type: "user", id: userId }, metadata: { email: target.user.email, role: target.role } },
      tx,
    );
  });
}

export async function changeMemberRole(access: WorkspaceAccess, userId: string, role: MemberRole): Promise<void> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only owners and admins can change roles");
  if (role === "owner" && access.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner can make someone an owner");
  const target = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: access.workspace.id, userId } },
    select: { role: true },
  });
  if (!target) throw new AppError("NOT_FOUND", "This person is not a member of the workspace");
  if (target.role === "owner" && access.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner can change an owner's role");
  if (target.role === "owner" && role !== "owner" && (await ownerCount(access.workspace.id)) <= 1) {
    throw new AppError("CONFLICT", "A workspace needs at least one owner. Make someone else an owner first.");
  }
  await db.$transaction(async (tx) => {
    await tx.membership.update({ where: { workspaceId_userId: { workspaceId: access.workspace.id, userId } }, data: { role } });
    await recordAudit(
      { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "member.role_changed", target: { type: "user", id: userId }, metadata: { from: target.role, to: role } },
      tx,
    );
  });
}

export async function listUserWorkspaces(userId: string): Promise<{ slug: string; name: string; role: MemberRole }[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { workspace: { name: "asc" } },
    select: { role: true, workspace: { select: { slug: true, name: true } } },
  });
  return rows.map((r) => ({ slug: r.workspace.slug, name: r.workspace.name, role: r.role }));
}
