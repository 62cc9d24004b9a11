// The connection's sender allow-list (CIDRs), set by an admin; empty = any sender with a valid signature.
import { z } from "zod";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { AppError } from "@/lib/errors/app-error";
import { loadConnection } from "@/lib/connections/load-connection";
import { parseCidr } from "@/lib/webhooks/sender-allow-list";

export const allowedSendersSchema = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((c) => parseCidr(c) !== null, { message: "Each entry must be an IP address or a CIDR such as 203.0.113.0/24" }),
      )
      .max(50),
  );

export async function setAllowedSenders(access: WorkspaceAccess, connectionId: string, text: string): Promise<string[]> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only admins and owners can change who may send webhooks.");
  const connection = await loadConnection(access.workspace.id, connectionId);
  const parsed = allowedSendersSchema.safeParse(text);
  if (!parsed.success)
    throw new AppError("VALIDATION_FAILED", parsed.error.issues[0]?.message ?? "Invalid list", {
      fields: { cidrs: parsed.error.issues[0]?.message ?? "Invalid list" },
    });
  const cidrs = parsed.data;
  await db.webhookEndpoint.upsert({
    where: { connectionId: connection.id },
    create: { connectionId: connection.id, workspaceId: connection.workspaceId, allowedCidrs: cidrs },
    update: { allowedCidrs: cidrs },
  });
  await recordAudit({
    workspaceId: access.workspace.id,
    actor: { type: "user", userId: access.user.id },
    action: "connection.webhook_senders_changed",
    target: { type: "connection", id: connection.id },
    metadata: { count: cidrs.length },
  });
  return cidrs;
}
