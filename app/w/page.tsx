import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listUserWorkspaces } from "@/lib/workspaces/members";

/** /w sends a signed-in user to their first workspace, or to create one. */
export default async function WorkspaceIndex() {
  const user = await requireUser("/w");
  const [first] = await listUserWorkspaces(user.id);
  redirect(first ? `/w/${first.slug}` : "/w/new");
}
