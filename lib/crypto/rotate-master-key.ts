// Master key rotation: every workspace data key is unwrapped with the old master key and wrapped with the
// new one, all in one transaction (either every key moves or none does). Sealed secrets are untouched:
// they are sealed under the data keys, which do not change.
import { db } from "@/lib/db/client";
import { KEY_BYTES, VaultError } from "@/lib/crypto/aes-gcm";
import { masterKeyId } from "@/lib/crypto/master-key-id";
import { unwrapDataKey, wrapDataKey } from "@/lib/crypto/wrap-data-key";

export type RotationResult = { rewrapped: number; alreadyNew: number; newKeyId: string };

export function parseMasterKey(value: string, name: string): Buffer {
  const key = Buffer.from(value.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new VaultError(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

export async function rotateMasterKey(oldKey: Buffer, newKey: Buffer, now = new Date()): Promise<RotationResult> {
  if (oldKey.equals(newKey)) throw new VaultError("The new master key is the same as the old one");
  const oldId = masterKeyId(oldKey);
  const newId = masterKeyId(newKey);
  return db.$transaction(
    async (tx) => {
      const rows = await tx.workspaceDataKey.findMany({ orderBy: { workspaceId: "asc" } });
      let rewrapped = 0;
      let alreadyNew = 0;
      for (const row of rows) {
        // A re-run after a partial manual fix: keys already under the new master key are left alone.
        if (row.masterKeyId === newId) {
          alreadyNew += 1;
          continue;
        }
        if (row.masterKeyId !== oldId) {
          throw new VaultError(`The data key of workspace ${row.workspaceId} is wrapped by neither the old nor the new master key`);
        }
        const dataKey = unwrapDataKey(oldKey, row.wrappedKey, row.workspaceId);
        await tx.workspaceDataKey.update({
          where: { workspaceId: row.workspaceId },
          data: { wrappedKey: wrapDataKey(newKey, dataKey, row.workspaceId), masterKeyId: newId, version: { increment: 1 }, rotatedAt: now },
        });
        rewrapped += 1;
      }
      return { rewrapped, alreadyNew, newKeyId: newId };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
