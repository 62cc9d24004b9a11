// "Test connection": the provider's verify call with the stored credentials (refreshing the token when
// due). Success marks it verified and active; failure records the code and message.
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { isAppError } from "@/lib/errors/app-error";
import { buildConnectionContext } from "@/lib/connections/build-connection-context";
import { verifyFailure } from "@/lib/connections/connection-errors";
import { accountMetadata } from "@/lib/connections/connect-api-key";
import { loadConnection, providerOf, stringRecord } from "@/lib/connections/load-connection";

export type TestResult = { ok: true; accountId: string; accountName: string | null } | { ok: false; code: string; message: string };

export async function testConnection(access: WorkspaceAccess, connectionId: string, now = new Date()): Promise<TestResult> {
  const connection = await loadConnection(access.workspace.id, connectionId);
  const def = providerOf(connection);
  const actor = { type: "user" as const, userId: access.user.id };
  try {
    const ctx = await buildConnectionContext(connection);
    const account = await def.createClient(ctx).verifyCredentials();
    const fresh = await loadConnection(access.workspace.id, connectionId);
    await db.connection.update({
      where: { id: connection.id },
      data: {
        lastVerifiedAt: now,
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorAt: null,
        metadata: { ...stringRecord(fresh.metadata), ...accountMetadata(account) },
        externalAccountId: account.accountId,
        ...(fresh.status === "disabled" ? {} : { status: "active" }),
      },
    });
    await recordAudit({ workspaceId: access.workspace.id, actor, action: "connection.verified", target: { type: "connection", id: connection.id }, metadata: { provider: def.slug, accountId: account.accountId } });
    return { ok: true, accountId: account.accountId, accountName: account.accountName ?? null };
  } catch (err) {
    const failure = isAppError(err) && (err.code === "NEEDS_REAUTH" || err.code === "TOKEN_REFRESH_FAILED") ? err : verifyFailure(err, def.name);
    const fresh = await loadConnection(access.workspace.id, connectionId);
    await db.connection.update({
      where: { id: connection.id },
      data: {
        lastErrorCode: failure.code,
        lastErrorMessage: failure.message,
        lastErrorAt: now,
        ...(fresh.status === "disabled" || fresh.status === "needs_reauth" ? {} : { status: failure.code === "NEEDS_REAUTH" ? "needs_reauth" : "error" }),
      },
    });
    await recordAudit({ workspaceId: access.workspace.id, actor, action: "connection.failed", target: { type: "connection", id: connection.id }, metadata: { provider: def.slug, code: failure.code } });
    return { ok: false, code: failure.code, message: failure.message };
  }
}
