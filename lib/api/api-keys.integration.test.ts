import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api/api-keys";

describe("API keys", () => {
  it("are created once (only the sha256 is stored), listed with prefix and scopes, revoked, and both are audited", async () => {
    const ws = await createTestWorkspace();
    const { key, apiKey } = await createApiKey(ws, { name: "Warehouse", scopes: ["orders:write", "contacts:read", "orders:write"] });
    expect(key).toMatch(/^sbk_[A-Za-z0-9_-]{40,}$/);
    expect(apiKey.prefix).toBe(key.slice(0, 12));
    expect(apiKey.scopes).toEqual(["contacts:read", "orders:write"]);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(key);
    expect((await listApiKeys(ws)).map((k) => k.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(await listApiKeys(ws))).not.toContain(key);

    await revokeApiKey(ws, apiKey.id);
    expect((await listApiKeys(ws))[0]?.revokedAt).not.toBeNull();
    expect((await caughtAppError(revokeApiKey(ws, apiKey.id))).code).toBe("NOT_FOUND");
    const audit = await db.auditEvent.findMany({ where: { workspaceId: ws.workspace.id, targetId: apiKey.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it("need an admin, valid scopes, a future expiry, and stay inside their workspace", async () => {
    const ws = await createTestWorkspace();
    const other = await createTestWorkspace();
    const member = await addTestMember(ws, "member");
    expect((await caughtAppError(createApiKey(member, { name: "x", scopes: ["contacts:read"] }))).code).toBe("FORBIDDEN");
    expect((await caughtAppError(listApiKeys(member))).code).toBe("FORBIDDEN");
    expect((await caughtAppError(createApiKey(ws, { name: "x", scopes: ["everything"] }))).code).toBe("VALIDATION_FAILED");
    expect((await caughtAppError(createApiKey(ws, { name: "x", scopes: [] }))).code).toBe("VALIDATION_FAILED");
    expect((await caughtAppError(createApiKey(ws, { name: "x", scopes: ["contacts:read"], expiresAt: new Date(Date.now() - 60_000) }))).code).toBe("VALIDATION_FAILED");
    const { apiKey } = await createApiKey(ws, { name: "mine", scopes: ["contacts:read"] });
    expect((await caughtAppError(revokeApiKey(other, apiKey.id))).code).toBe("NOT_FOUND");
    expect(await listApiKeys(other)).toEqual([]);
  });
});
