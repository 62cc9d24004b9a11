import { withWorkspace } from "@/lib/auth/workspace-guard";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";

export const GET = withBodyLimit(
  BODY_LIMITS.json,
  withWorkspace(async (_req, access) =>
    Response.json({ id: access.workspace.id, slug: access.workspace.slug, name: access.workspace.name, role: access.role }),
  ),
);
