import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_WORKSPACE_COOKIE, pickLastWorkspace } from "@/components/workspace/last-workspace";
import { requireUser } from "@/lib/auth/session";
import { listUserWorkspaces } from "@/lib/workspaces/members";

/** /w opens the workspace this browser used last (when still a member), else the first one, or asks to create one. */
export default async function WorkspaceIndex() {
  const user = await requireUser("/w");
  const remembered = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const target = pickLastWorkspace(await listUserWorkspaces(user.id), remembered);
  redirect(target ? `/w/${target.slug}` : "/w/new");
}
