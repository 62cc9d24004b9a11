"use client";

import { useTransition } from "react";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import type { InvitationDto } from "@/lib/workspaces/invitations";
import { formatDateTime } from "@/components/workspace/format";

export function InvitationsList({ invitations, canManage, revokeAction }: { invitations: InvitationDto[]; canManage: boolean; revokeAction: (id: string) => Promise<ActionState> }) {
  const [pending, start] = useTransition();
  if (invitations.length === 0) return <p className="text-sm text-slate-500">No pending invitations.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="invitations">
      {invitations.map((i) => (
        <li key={i.id} className="flex items-center justify-between gap-4 py-2 text-sm">
          <span>
            <span className="font-medium text-slate-900">{i.email}</span> <span className="text-slate-500">as {i.role}, invited by {i.invitedBy}, expires {formatDateTime(i.expiresAt)}</span>
          </span>
          {canManage ? (
            <button type="button" disabled={pending} className="font-medium text-red-600 hover:text-red-700" onClick={() => start(async () => void (await revokeAction(i.id)))}>
              Revoke
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
