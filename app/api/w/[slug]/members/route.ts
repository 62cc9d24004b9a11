import { withWorkspace } from "@/lib/auth/workspace-guard";
import { listMembers } from "@/lib/workspaces/members";

export const GET = withWorkspace(async (_req, access) => Response.json({ members: await listMembers(access.workspace.id) }));
