// Sealing secrets at rest: JSON -> AES-256-GCM under the workspace data key, with the workspace id, the
// owner id (connection or OAuth state) and the purpose as associated data. Format: "sb1.<base64>".
import { decryptAesGcm, encryptAesGcm, VaultError } from "@/lib/crypto/aes-gcm";
import { workspaceDataKey } from "@/lib/crypto/workspace-data-key";
import type { db, Prisma } from "@/lib/db/client";

const PREFIX = "sb1.";

/** Where a sealed value belongs; all three parts must match to open it. */
export type SealScope = {
  workspaceId: string;
  /** the connection id (the OAuth state id for a PKCE verifier, the sandbox account or app id for sandbox credentials) */
  ownerId: string;
  purpose: "credentials" | "webhook_secret" | "pkce_verifier" | "sandbox_secret";
};

type Tx = Prisma.TransactionClient | typeof db;

export function associatedData(scope: SealScope): string {
  return `switchboard:secret:v1:${scope.workspaceId}:${scope.ownerId}:${scope.purpose}`;
}

export function sealWithKey(dataKey: Buffer, scope: SealScope, value: unknown): string {
  const plaintext = Buffer.from(JSON.stringify(value), "utf8");
  return PREFIX + encryptAesGcm(dataKey, plaintext, associatedData(scope)).toString("base64");
}

export function openWithKey(dataKey: Buffer, scope: SealScope, sealed: string): unknown {
  if (!sealed.startsWith(PREFIX)) throw new VaultError("Unknown sealed-value format");
  const plaintext = decryptAesGcm(dataKey, Buffer.from(sealed.slice(PREFIX.length), "base64"), associatedData(scope));
  return JSON.parse(plaintext.toString("utf8")) as unknown;
}

export async function sealSecret(scope: SealScope, value: unknown, tx?: Tx): Promise<string> {
  return sealWithKey(await workspaceDataKey(scope.workspaceId, tx), scope, value);
}

export async function openSecret(scope: SealScope, sealed: string, tx?: Tx): Promise<unknown> {
  return openWithKey(await workspaceDataKey(scope.workspaceId, tx), scope, sealed);
}
