import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/workspace/page-header";
import { RenameForm } from "@/components/workspace/rename-form";
import { InviteForm } from "@/components/workspace/invite-form";
import { MembersTable } from "@/components/workspace/members-table";
import { InvitationsList } from "@/components/workspace/invitations-list";
import { DeleteWorkspaceForm } from "@/components/workspace/delete-workspace-form";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { listMembers } from "@/lib/workspaces/members";
import { listPendingInvitations } from "@/lib/workspaces/invitations";
import { changeRoleAction, deleteWorkspaceAction, inviteAction, removeMemberAction, renameWorkspaceAction, revokeInvitationAction } from "./actions";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireWorkspace(slug);
  const canManage = roleAtLeast(access.role, "admin");
  const [members, invitations] = await Promise.all([listMembers(access.workspace.id), listPendingInvitations(access.workspace.id)]);
  const s = access.workspace.slug;
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Name, address and members of this workspace." />
      <Card title="General">
        <div className="grid gap-6 md:grid-cols-[minmax(0,28rem)_minmax(0,1fr)]">
          <RenameForm key={`${access.workspace.name}:${s}`} action={renameWorkspaceAction.bind(null, s)} name={access.workspace.name} slug={s} canEdit={canManage} />
          <div className="min-w-0 space-y-1.5">
            <p className="text-sm font-medium">Workspace id</p>
            <CopyField value={access.workspace.id} label="Copy workspace id" />
            <p className="text-xs text-muted-foreground">Support and the API refer to the workspace by this id.</p>
          </div>
        </div>
      </Card>
      <Card id="members" title="Members" description={`${members.length} ${members.length === 1 ? "person has" : "people have"} access to this workspace.`}>
        <MembersTable
          members={members}
          currentUserId={access.user.id}
          canManage={canManage}
          isOwner={access.role === "owner"}
          removeAction={removeMemberAction.bind(null, s)}
          roleAction={changeRoleAction.bind(null, s)}
        />
      </Card>
      <Card id="invitations" title="Invitations" description="Invite people by e-mail. They open the link, sign up or sign in with that address, and join.">
        <div className="space-y-5">
          {canManage ? <InviteForm action={inviteAction.bind(null, s)} canInviteOwner={access.role === "owner"} /> : <p className="text-sm text-muted-foreground">Only owners and admins can invite people.</p>}
          <InvitationsList invitations={invitations} canManage={canManage} revokeAction={revokeInvitationAction.bind(null, s)} />
        </div>
      </Card>
      {access.role === "owner" ? (
        <Card id="danger" title="Delete workspace" description="Only owners see this." className="border-destructive/40">
          <DeleteWorkspaceForm action={deleteWorkspaceAction.bind(null, s)} slug={s} />
        </Card>
      ) : null}
    </div>
  );
}
