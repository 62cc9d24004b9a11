"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import type { MemberDto } from "@/lib/workspaces/members";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";

type Props = {
  members: MemberDto[];
  currentUserId: string;
  canManage: boolean;
  isOwner: boolean;
  removeAction: (userId: string) => Promise<ActionState>;
  roleAction: (userId: string, role: string) => Promise<ActionState>;
};

const roleLabels: Record<string, string> = { owner: "Owner", admin: "Admin", member: "Member" };

function report(state: ActionState, fallback: string) {
  if (state?.error) toast.error(state.error, state.code ? { description: `Error code ${state.code}` } : undefined);
  else toast.success(state?.ok ?? fallback);
}

export function MembersTable({ members, currentUserId, canManage, isOwner, removeAction, roleAction }: Props) {
  const owners = members.filter((m) => m.role === "owner").length;
  return (
    <Table data-testid="members" containerClassName="-mx-4 sm:-mx-5 w-auto">
      <TableHeader>
        <tr>
          <TableHead>Name</TableHead>
          <TableHead className="max-sm:hidden">E-mail</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </tr>
      </TableHeader>
      <TableBody>
        {members.map((m) => (
          <MemberRow
            key={`${m.userId}:${m.role}`}
            member={m}
            self={m.userId === currentUserId}
            editable={canManage && m.userId !== currentUserId && (isOwner || m.role !== "owner")}
            // The last owner cannot leave (the server refuses too); they delete the workspace instead.
            canLeave={m.userId === currentUserId && !(m.role === "owner" && owners === 1)}
            isOwner={isOwner}
            removeAction={removeAction}
            roleAction={roleAction}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function MemberRow({
  member: m,
  self,
  editable,
  canLeave,
  isOwner,
  removeAction,
  roleAction,
}: {
  member: MemberDto;
  self: boolean;
  editable: boolean;
  canLeave: boolean;
  isOwner: boolean;
  removeAction: Props["removeAction"];
  roleAction: Props["roleAction"];
}) {
  const [pending, start] = useTransition();
  const [role, setRole] = useState<string>(m.role);
  const [confirmOwner, setConfirmOwner] = useState(false);
  const saveRole = (next: string) =>
    start(async () => {
      const state = await roleAction(m.userId, next);
      if (state?.error) setRole(m.role);
      report(state?.error ? state : { ok: `${m.name} is now ${roleLabels[next]?.toLowerCase() ?? next}.` }, "Role changed.");
    });
  return (
    <TableRow>
      <TableCell className="max-w-48 sm:max-w-64">
        <Truncate text={m.name} className="font-medium" />
        {self ? <span className="text-xs text-muted-foreground">(you)</span> : null}
        <Truncate text={m.email} className="text-xs text-muted-foreground sm:hidden" />
      </TableCell>
      <TableCell className="max-w-64 text-muted-foreground max-sm:hidden">
        <Truncate text={m.email} />
      </TableCell>
      <TableCell>
        {editable ? (
          <>
            <NativeSelect
              aria-label={`Role of ${m.email}`}
              className="w-32"
              value={role}
              disabled={pending}
              onChange={(e) => {
                const next = e.target.value;
                setRole(next);
                if (next === "owner") setConfirmOwner(true);
                else saveRole(next);
              }}
            >
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              {isOwner ? <option value="owner">Owner</option> : null}
            </NativeSelect>
            <ConfirmDialog
              open={confirmOwner}
              onOpenChange={(open) => {
                setConfirmOwner(open);
                if (!open && role === "owner" && m.role !== "owner" && !pending) setRole(m.role);
              }}
              title={`Make ${m.name} an owner?`}
              description="Owners can do everything you can: delete the workspace, remove other owners and change any role. You can only undo it while you remain an owner yourself."
              confirmLabel="Make owner"
              onConfirm={() => saveRole("owner")}
            />
          </>
        ) : (
          <span className="text-foreground">{roleLabels[m.role] ?? m.role}</span>
        )}
      </TableCell>
      <TableCell className="text-right">
        {editable || canLeave ? (
          <ConfirmDialog
            title={self ? "Leave this workspace?" : `Remove ${m.name}?`}
            description={self ? "You will lose access to it until someone invites you again." : `${m.email} loses access to this workspace at once.`}
            confirmLabel={self ? "Leave" : "Remove"}
            destructive
            onConfirm={() =>
              start(async () => {
                const state = await removeAction(m.userId);
                report(state, self ? "You left the workspace." : "Member removed.");
              })
            }
          >
            <Button variant="ghost" size="sm" className="text-destructive" disabled={pending}>
              {self ? "Leave" : "Remove"}
            </Button>
          </ConfirmDialog>
        ) : null}
      </TableCell>
    </TableRow>
  );
}
