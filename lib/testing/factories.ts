// Factories for tests and seeds: unique values every call, real rows through the real domain code.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import type { Role as MemberRole, WorkspaceAccess } from "@/lib/auth/workspace-access";

export const TEST_PASSWORD = "correct-horse-42";
let cachedHash: Promise<string> | undefined;

export function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

/** A user with TEST_PASSWORD; the address counts as verified unless `verified: false`. */
export async function createTestUser(overrides: { email?: string; name?: string; verified?: boolean } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const s = uniqueSuffix();
  return db.user.create({
    data: {
      email: overrides.email ?? `user-${s}@example.test`,
      name: overrides.name ?? `User ${s}`,
      passwordHash: await cachedHash,
      emailVerifiedAt: overrides.verified === false ? null : new Date(),
    },
    select: { id: true, email: true, name: true },
  });
}

/** A user who owns a fresh workspace, returned as the WorkspaceAccess the guards would produce. */
export async function createTestWorkspace(opts: { name?: string } = {}): Promise<WorkspaceAccess> {
  const user = await createTestUser();
  const ws = await createWorkspace({ name: opts.name ?? `Team ${uniqueSuffix()}`, ownerUserId: user.id });
  return { user, workspace: ws, role: "owner" };
}

export async function addTestMember(access: WorkspaceAccess, role: MemberRole): Promise<WorkspaceAccess> {
  const user = await createTestUser();
  await db.membership.create({ data: { workspaceId: access.workspace.id, userId: user.id, role } });
  return { user, workspace: access.workspace, role };
}
