// The per-workspace data key: created on first use (32 random bytes), stored only wrapped by the master
// key, unwrapped on demand. The row cascades with the workspace, so deleting a workspace destroys the key.
import { randomBytes } from "node:crypto";
import { db, Prisma } from "@/lib/db/client";
import { masterKey } from "@/lib/env";
import { KEY_BYTES, VaultError } from "@/lib/crypto/aes-gcm";
import { masterKeyId } from "@/lib/crypto/master-key-id";
import { unwrapDataKey, wrapDataKey } from "@/lib/crypto/wrap-data-key";

type Tx = Prisma.TransactionClient | typeof db;

export async function workspaceDataKey(workspaceId: string, tx: Tx = db): Promise<Buffer> {
  const master = masterKey();
  let row = await tx.workspaceDataKey.findUnique({ where: { workspaceId } });
  if (!row) {
    const dataKey = randomBytes(KEY_BYTES);
    try {
      row = await tx.workspaceDataKey.create({
        data: { workspaceId, wrappedKey: wrapDataKey(master, dataKey, workspaceId), masterKeyId: masterKeyId(master) },
      });
    } catch (err) {
      // Two first uses at once: the other one won; use its key.
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
      row = await tx.workspaceDataKey.findUniqueOrThrow({ where: { workspaceId } });
    }
  }
  if (row.masterKeyId !== masterKeyId(master)) {
    throw new VaultError(
      "This workspace's data key was wrapped by a different master key. Set MASTER_KEY to the key in use, or rotate with `npm run keys:rotate`.",
    );
  }
  return unwrapDataKey(master, row.wrappedKey, workspaceId);
}
