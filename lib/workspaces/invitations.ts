// Invitations: a single-use link bound to an e-mail address and a role, valid for 7 days. Only the
// sha256 of the token is stored; the link is mailed to the invitee and shown once to the inviter. The
// link alone is not enough: only an account whose address is that address AND verified (it followed a
// link mailed there) can accept, so a leaked or forwarded link does not let anyone else in.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Role as MemberRole } from "@/lib/auth/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/audit/record-audit";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import type { SessionUser } from "@/lib/auth/session-user";
import { normaliseEmail } from "@/lib/auth/sign-in-attempt";
import { appUrl } from "@/lib/env";
import { simpleMail } from "@/lib/mail/mail-message";
import { sendMail } from "@/lib/mail/send-mail";

const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

export const inviteSchema = z.object({
  email: z.string().trim().pipe(z.email("Enter a valid e-mail address")),
  role: z.enum(["owner", "admin", "member"]),
});

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type InvitationDto = { id: string; email: string; role: MemberRole; expiresAt: string; createdAt: string; invitedBy: string };

export async function createInvitation(access: WorkspaceAccess, input: z.infer<typeof inviteSchema>): Promise<{ token: string; mailed: boolean; invitation: InvitationDto }> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only owners and admins can invite members");
  if (input.role === "owner" && access.role !== "owner") throw new AppError("FORBIDDEN", "Only an owner can invite another owner");
  const email = normaliseEmail(input.email);
  const existing = await db.membership.findFirst({ where: { workspaceId: access.workspace.id, user: { email } }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "This person is already a member", { fields: { email: "This person is already a member" } });
  const token = randomBytes(32).toString("base64url");
  const inv = await db.$transaction(async (tx) => {
    // A new invitation to the same address replaces any pending one.
    await tx.invitation.updateMany({
      where: { workspaceId: access.workspace.id, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invitation.create({
      data: { workspaceId: access.workspace.id, email, role: input.role, tokenHash: hashToken(token), invitedById: access.user.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS) },
    });
    await recordAudit(
      { workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "member.invited", target: { type: "invitation", id: created.id }, metadata: { email, role: input.role } },
      tx,
    );
    return created;
  });
  let mailed = true;
  try {
    await sendMail(
      simpleMail({
        to: email,
        subject: `${access.user.name} invited you to ${access.workspace.name} on Switchboard`,
        paragraphs: [
          `${access.user.name} (${access.user.email}) invited ${email} to join the workspace ${access.workspace.name} as ${input.role === "admin" ? "an" : "a"} ${input.role}.`,
          `Open the link below and sign in or create an account with this address (${email}); you will be asked to verify it. The link works once, for 7 days.`,
        ],
        action: { label: `Join ${access.workspace.name}`, url: `${appUrl()}/invite/${token}` },
        footer: "If you did not expect this invitation, ignore this mail.",
      }),
    );
  } catch {
    // The invitation exists; the inviter still gets the link to pass on (sendMail logged the cause).
    mailed = false;
  }
  return {
    token,
    mailed,
    invitation: { id: inv.id, email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString(), createdAt: inv.createdAt.toISOString(), invitedBy: access.user.name },
  };
}

export async function listPendingInvitations(workspaceId: string): Promise<InvitationDto[]> {
  const rows = await db.invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    include: { invitedBy: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString(), invitedBy: r.invitedBy.name }));
}

export async function revokeInvitation(access: WorkspaceAccess, invitationId: string): Promise<void> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only owners and admins can revoke invitations");
  const res = await db.invitation.updateMany({
    where: { id: invitationId, workspaceId: access.workspace.id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (res.count === 0) throw new AppError("NOT_FOUND", "This invitation no longer exists");
  await recordAudit({ workspaceId: access.workspace.id, actor: { type: "user", userId: access.user.id }, action: "invitation.revoked", target: { type: "invitation", id: invitationId } });
}

export type InvitationPreview =
  | { state: "valid"; workspaceName: string; workspaceSlug: string; email: string; role: MemberRole; invitedBy: string }
  | { state: "invalid" };

/** What the invitation page shows; an unknown, used, revoked or expired token all look the same. */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { workspace: { select: { name: true, slug: true } }, invitedBy: { select: { name: true } } },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) return { state: "invalid" };
  return { state: "valid", workspaceName: inv.workspace.name, workspaceSlug: inv.workspace.slug, email: inv.email, role: inv.role, invitedBy: inv.invitedBy.name };
}

export async function acceptInvitation(user: SessionUser, token: string): Promise<{ workspaceSlug: string }> {
  return db.$transaction(async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: { select: { slug: true } } } });
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) {
      throw new AppError("NOT_FOUND", "This invitation is no longer valid. Ask for a new one.");
    }
    if (normaliseEmail(user.email) !== inv.email) {
      throw new AppError("FORBIDDEN", `This invitation was sent to ${inv.email}. Sign in with that address to accept it.`);
    }
    const account = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } });
    if (!account.emailVerifiedAt) {
      throw new AppError("FORBIDDEN", `Verify your address ${inv.email} first: open the verification mail we sent to it, then accept again.`, { reason: "email_unverified" });
    }
    // Single use even under concurrent accepts: only one update finds acceptedAt still null.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw new AppError("NOT_FOUND", "This invitation is no longer valid. Ask for a new one.");
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: inv.workspaceId, userId: user.id } },
      create: { workspaceId: inv.workspaceId, userId: user.id, role: inv.role },
      update: {},
    });
    await recordAudit(
      { workspaceId: inv.workspaceId, actor: { type: "user", userId: user.id }, action: "member.joined", target: { type: "user", id: user.id }, metadata: { email: user.email, role: inv.role } },
      tx,
    );
    return { workspaceSlug: inv.workspace.slug };
  });
}
