"use client";

import { MailPlus } from "lucide-react";
import { useTransition } from "react";
import { toast } from "sonner";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import type { InvitationDto } from "@/lib/workspaces/invitations";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Truncate } from "@/components/ui/truncate";
import { formatDateTime } from "@/components/workspace/format";

export function InvitationsList({ invitations, canManage, revokeAction }: { invitations: InvitationDto[]; canManage: boolean; revokeAction: (id: string) => Promise<ActionState> }) {
  const [pending, start] = useTransition();
  if (invitations.length === 0) {
    return <EmptyState icon={MailPlus} title="No pending invitations" description={canManage ? "Invite someone above; the link appears here until they join." : "Owners and admins can invite people."} />;
  }
  return (
    <ul className="divide-y divide-border" data-testid="invitations">
      {invitations.map((i) => (
        <li key={i.id} className="flex items-center justify-between gap-3 py-2 text-sm">
          <div className="min-w-0">
            <Truncate text={i.email} className="font-medium" />
            <p className="text-xs text-muted-foreground">
              as {i.role}, invited by {i.invitedBy}, expires {formatDateTime(i.expiresAt)}
            </p>
          </div>
          {canManage ? (
            <ConfirmDialog
              title={`Revoke the invitation for ${i.email}?`}
              description="The link stops working at once. You can invite them again later."
              confirmLabel="Revoke"
              destructive
              onConfirm={() =>
                start(async () => {
                  const state = await revokeAction(i.id);
                  if (state?.error) toast.error(state.error);
                  else toast.success(`Invitation for ${i.email} revoked.`);
                })
              }
            >
              <Button variant="ghost" size="sm" className="text-destructive" disabled={pending}>
                Revoke
              </Button>
            </ConfirmDialog>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
