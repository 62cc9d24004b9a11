import { withWorkspace } from "@/lib/auth/workspace-guard";
import { listMembers } from "@/lib/workspaces/members";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const GET = withBodyLimit(
  BODY_LIMITS.json,
  withWorkspace(async (_req, access) => Response.json({ members: await listMembers(access.workspace.id) })),
);
