import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestWorkspace } from "@/lib/testing/factories";
import { masterKeyId } from "@/lib/crypto/master-key-id";
import { openSecret, sealSecret } from "@/lib/crypto/seal-secret";
import { parseMasterKey, rotateMasterKey } from "@/lib/crypto/rotate-master-key";
import { workspaceDataKey } from "@/lib/crypto/workspace-data-key";
import { isolateDatabase } from "@/lib/testing/isolated-database";

// Rotation re-wraps every data key in the database, so this file must not share one with others.
await isolateDatabase();

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

function useMasterKey(value: string) {
  process.env.MASTER_KEY = value;
  resetEnvCache();
}

beforeEach(() => useMasterKey(keyA));
afterEach(() => {
  delete process.env.MASTER_KEY;
  resetEnvCache();
});

describe("workspace data keys", () => {
  it("creates one key per workspace, stored only wrapped, and reuses it", async () => {
    const { workspace } = await createTestWorkspace();
    const [k1, k2] = await Promise.all([workspaceDataKey(workspace.id), workspaceDataKey(workspace.id)]);
    expect(k1.equals(k2)).toBe(true);
    const row = await db.workspaceDataKey.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(row.masterKeyId).toBe(masterKeyId(Buffer.from(keyA, "base64")));
    expect(Buffer.from(row.wrappedKey, "base64").includes(k1)).toBe(false);
    expect(await db.workspaceDataKey.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("a sealed blob moved to another workspace or connection does not open", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    const sealed = await sealSecret({ workspaceId: a.workspace.id, ownerId: "c1", purpose: "credentials" }, { token: "s3cret" });
    expect(await openSecret({ workspaceId: a.workspace.id, ownerId: "c1", purpose: "credentials" }, sealed)).toEqual({ token: "s3cret" });
    await expect(openSecret({ workspaceId: b.workspace.id, ownerId: "c1", purpose: "credentials" }, sealed)).rejects.toThrow(/cannot be opened/);
    await expect(openSecret({ workspaceId: a.workspace.id, ownerId: "c2", purpose: "credentials" }, sealed)).rejects.toThrow(/cannot be opened/);
  });

  it("deleting the workspace destroys its data key", async () => {
    const { workspace } = await createTestWorkspace();
    await workspaceDataKey(workspace.id);
    await db.workspace.delete({ where: { id: workspace.id } });
    expect(await db.workspaceDataKey.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("master key rotation", () => {
  it("re-wraps every data key in one go; secrets still open under the new key and not under the old", async () => {
    const ws = await Promise.all([createTestWorkspace(), createTestWorkspace()]);
    const sealed = await Promise.all(ws.map((w) => sealSecret({ workspaceId: w.workspace.id, ownerId: "c", purpose: "credentials" }, { k: w.workspace.id })));
    const before = await db.workspaceDataKey.count();

    const result = await rotateMasterKey(parseMasterKey(keyA, "old"), parseMasterKey(keyB, "new"));
    expect(result.rewrapped).toBe(before);
    const rows = await db.workspaceDataKey.findMany();
    expect(rows.every((r) => r.masterKeyId === masterKeyId(Buffer.from(keyB, "base64")) && r.version === 2)).toBe(true);

    useMasterKey(keyB);
    for (const [i, w] of ws.entries()) {
      expect(await openSecret({ workspaceId: w.workspace.id, ownerId: "c", purpose: "credentials" }, sealed[i]!)).toEqual({ k: w.workspace.id });
    }
    useMasterKey(keyA);
    await expect(workspaceDataKey(ws[0]!.workspace.id)).rejects.toThrow(/different master key/);

    // A second run with the same keys is a no-op; a wrong old key changes nothing.
    useMasterKey(keyB);
    expect((await rotateMasterKey(parseMasterKey(keyA, "old"), parseMasterKey(keyB, "new"))).alreadyNew).toBe(before);
    await expect(rotateMasterKey(randomBytes(32), randomBytes(32))).rejects.toThrow(/neither/);
    expect((await db.workspaceDataKey.findMany()).every((r) => r.masterKeyId === masterKeyId(Buffer.from(keyB, "base64")))).toBe(true);
  });
});
