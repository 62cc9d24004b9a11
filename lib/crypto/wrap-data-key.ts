// Wrapping a workspace data key with the master key; the workspace id is the associated data, so a
// wrapped key moved to another workspace's row does not unwrap.
import { decryptAesGcm, encryptAesGcm, KEY_BYTES, VaultError } from "@/lib/crypto/aes-gcm";

const aad = (workspaceId: string) => `switchboard:data-key:v1:${workspaceId}`;

export function wrapDataKey(masterKey: Buffer, dataKey: Buffer, workspaceId: string): string {
  if (dataKey.length !== KEY_BYTES) throw new VaultError("A data key is 32 bytes");
  return encryptAesGcm(masterKey, dataKey, aad(workspaceId)).toString("base64");
}

export function unwrapDataKey(masterKey: Buffer, wrapped: string, workspaceId: string): Buffer {
  const key = decryptAesGcm(masterKey, Buffer.from(wrapped, "base64"), aad(workspaceId));
  if (key.length !== KEY_BYTES) throw new VaultError("The unwrapped data key has the wrong length");
  return key;
}
