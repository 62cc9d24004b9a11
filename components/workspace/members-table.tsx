"use client";

import { useState, useTransition } from "react";
import type { ActionState } from "@/app/w/[slug]/settings/actions";
import type { MemberDto } from "@/lib/workspaces/members";
import { FormMessage, inputClass } from "@/components/ui/field";

type Props = {
  members: MemberDto[];
  currentUserId: string;
  canManage: boolean;
  isOwner: boolean;
  removeAction: (userId: string) => Promise<ActionState>;
  roleAction: (userId: string, role: string) => Promise<ActionState>;
};

export function MembersTable({ members, currentUserId, canManage, isOwner, removeAction, roleAction }: Props) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionState>(undefined);
  const run = (fn: () => Promise<ActionState>) => start(async () => setResult(await fn()));
  const owners = members.filter((m) => m.role === "owner").length;
  return (
    <div className="space-y-3">
      {result?.error ? <FormMessage kind="error">{result.error}</FormMessage> : null}
      <table className="w-full text-left text-sm" data-testid="members">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-2 font-medium">Name</th>
            <th className="py-2 font-medium">E-mail</th>
            <th className="py-2 font-medium">Role</th>
            <th className="py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => {
            const self = m.userId === currentUserId;
            const editable = canManage && !self && (isOwner || m.role !== "owner");
            // The last owner cannot leave (the server refuses too); they delete the workspace instead.
            const canLeave = self && !(m.role === "owner" && owners === 1);
            return (
              <tr key={m.userId}>
                <td className="py-2 font-medium text-slate-900">
                  {m.name} {self ? <span className="text-xs text-slate-400">(you)</span> : null}
                </td>
                <td className="py-2 text-slate-600">{m.email}</td>
                <td className="py-2">
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      className={`${inputClass} w-32 py-1`}
                      defaultValue={m.role}
                      disabled={pending}
                      onChange={(e) => run(() => roleAction(m.userId, e.target.value))}
                    >
                      <option value="member">Member</option>
                      <option value="admin">Admin</option>
                      {isOwner ? <option value="owner">Owner</option> : null}
                    </select>
                  ) : (
                    <span className="capitalize text-slate-700">{m.role}</span>
                  )}
                </td>
                <td className="py-2 text-right">
                  {editable || canLeave ? (
                    <button
                      type="button"
                      disabled={pending}
                      className="text-sm font-medium text-red-600 hover:text-red-700 disabled:opacity-50"
                      onClick={() => {
                        const msg = self ? "Leave this workspace? You will lose access to it." : `Remove ${m.email} from this workspace?`;
                        if (window.confirm(msg)) run(() => removeAction(m.userId));
                      }}
                    >
                      {self ? "Leave" : "Remove"}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
