// Who is acting: a signed-in member (WorkspaceAccess, from the guards) or an API key with scopes in one
// workspace (lib/api/authenticate-api-key.ts). lib functions take a Principal and check the role or the
// scope themselves, so the UI, the public API and jobs cannot drift apart.
import { AppError } from "@/lib/errors/app-error";
import { roleAtLeast, type Role, type WorkspaceAccess } from "@/lib/auth/workspace-access";

export type ApiKeyPrincipal = {
  kind: "api_key";
  keyId: string;
  workspace: WorkspaceAccess["workspace"];
  scopes: readonly string[];
};

export type Principal = WorkspaceAccess | ApiKeyPrincipal;

export function isApiKeyPrincipal(p: Principal): p is ApiKeyPrincipal {
  return "keyId" in p;
}

/** A member needs `role`; an API key needs `scope` (null: no key may do this). */
export function assertAllowed(p: Principal, need: { role: Role; scope: string | null }, memberMessage: string): void {
  if (isApiKeyPrincipal(p)) {
    if (!need.scope || !p.scopes.includes(need.scope)) {
      throw new AppError("FORBIDDEN", need.scope ? `This API key does not have the ${need.scope} scope` : "API keys cannot do this", {
        ...(need.scope ? { requiredScope: need.scope } : {}),
      });
    }
    return;
  }
  if (!roleAtLeast(p.role, need.role)) throw new AppError("FORBIDDEN", memberMessage);
}
