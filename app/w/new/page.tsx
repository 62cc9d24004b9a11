import { AuthShell } from "@/components/auth/auth-shell";
import { NewWorkspaceForm } from "@/components/workspace/new-workspace-form";
import { requireUser } from "@/lib/auth/session";

export const metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  await requireUser("/w/new");
  return (
    <AuthShell title="Create a workspace" subtitle="A workspace holds one team's connections, records and members.">
      <NewWorkspaceForm />
    </AuthShell>
  );
}
