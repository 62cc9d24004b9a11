// What a verified membership grants: the user, the workspace and the role. Produced only by the guards
// in workspace-guard.ts (or by an API key, later); domain functions take it instead of ids from the client.
import type { SessionUser } from "@/lib/auth/session-user";

export type Role = "owner" | "admin" | "member";

export type WorkspaceAccess = {
  user: SessionUser;
  workspace: { id: string; slug: string; name: string };
  role: Role;
};

const ROLE_RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}
