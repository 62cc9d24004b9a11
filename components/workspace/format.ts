export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

const ACTIONS: Record<string, string> = {
  "workspace.created": "created the workspace",
  "workspace.renamed": "renamed the workspace",
  "member.invited": "invited a member",
  "member.joined": "joined the workspace",
  "member.removed": "removed a member",
  "member.left": "left the workspace",
  "member.role_changed": "changed a member's role",
  "invitation.revoked": "revoked an invitation",
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action.replace(/[._]/g, " ");
}
