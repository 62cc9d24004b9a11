// Changing a connection's settings (its template's config, e.g. KeyCRM's warehouse id) after it was
// made: validated with the template's config schema, stored, and audited with the keys that changed.
// The stored credentials are verified with the new settings first, and must still name the same account.
// Settings hold no secrets (those are credentials), so the audit row names the old and new values.
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { roleAtLeast, type WorkspaceAccess } from "@/lib/auth/workspace-access";
import { buildConnectionContext } from "@/lib/connections/build-connection-context";
import { configSchemaInvalid, verifyFailure } from "@/lib/connections/connection-errors";
import { jsonRecord, loadConnection, providerOf } from "@/lib/connections/load-connection";
import { AppError } from "@/lib/errors/app-error";

export async function updateConnectionConfig(access: WorkspaceAccess, connectionId: string, input: Record<string, unknown>): Promise<{ changed: string[] }> {
  if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only an admin or the owner can change a connection's settings.");
  const connection = await loadConnection(access.workspace.id, connectionId);
  const def = providerOf(connection);
  const parsed = def.configSchema.safeParse(input);
  if (!parsed.success) throw configSchemaInvalid("config", parsed.error);
  const before = jsonRecord(connection.config);
  const after = parsed.data as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
  if (changed.length === 0) return { changed };
  // the new settings must still reach the same account with the stored credentials (an account URL could
  // point them elsewhere): verify before saving
  const ctx = await buildConnectionContext({ ...connection, config: after as object });
  let accountId: string;
  try {
    ({ accountId } = await def.createClient(ctx).verifyCredentials());
  } catch (err) {
    throw verifyFailure(err, def.name);
  }
  if (connection.externalAccountId && accountId !== connection.externalAccountId) {
    throw new AppError("CONFIG_SCHEMA_INVALID", `These settings reach a different ${def.name} account (${accountId}); make a new connection for it instead.`, { fields: {} });
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.connection.updateMany({ where: { id: connection.id, workspaceId: access.workspace.id }, data: { config: after as object } });
    if (count === 0) throw new AppError("NOT_FOUND", "This connection does not exist.");
    await recordAudit(
      {
        workspaceId: access.workspace.id,
        actor: { type: "user", userId: access.user.id },
        action: "connection.settings_changed",
        target: { type: "connection", id: connection.id },
        metadata: { changed, from: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])), to: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])) },
      },
      tx,
    );
  });
  return { changed };
}
