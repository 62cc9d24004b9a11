import { withWorkspace } from "@/lib/auth/workspace-guard";

export const GET = withWorkspace(async (_req, access) =>
  Response.json({ id: access.workspace.id, slug: access.workspace.slug, name: access.workspace.name, role: access.role }),
);
