// Changing a connection's settings after it was made (KeyCRM's warehouse id), against the KeyCRM sandbox
// over real HTTP: validated with the template's schema, verified with the stored credentials, stored,
// audited; members cannot, and another workspace's connection is not found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { loadConnection } from "@/lib/connections/load-connection";
import { formFields } from "@/lib/connections/template-dto";
import { readFields } from "@/lib/connections/parse-connect-form";
import { updateConnectionConfig } from "@/lib/connections/update-connection-config";
import { keycrm } from "@/lib/integrations/keycrm/definition";
import { caughtAppError } from "@/lib/testing/caught-app-error";

let server: Awaited<ReturnType<typeof startAppServer>>;
let access: WorkspaceAccess;
let sbx: TestSandbox;
let connectionId: string;

beforeAll(async () => {
  server = await startAppServer();
  access = await createTestWorkspace();
  sbx = await createTestSandbox("keycrm", { workspaceId: access.workspace.id, userId: access.user.id, count: 2 });
  ({ id: connectionId } = await connectApiKey(access, { provider: "keycrm", name: "KeyCRM", environment: "sandbox", credentials: { apiKey: sbx.apiKey } }));
});

afterAll(async () => {
  await server.close();
  resetEnvCache();
});

/** The settings form as the connection page posts it. */
const form = (values: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return readFields(fd, formFields("config", keycrm.configSchema));
};

describe("connection settings", () => {
  it("the form offers KeyCRM's warehouse id with its label, as a number", () => {
    expect(formFields("config", keycrm.configSchema)).toContainEqual(
      expect.objectContaining({ name: "config.warehouseId", title: "Warehouse id (for stock)", kind: "number", required: false, description: expect.stringContaining("Warehouses") }),
    );
  });

  it("saves a warehouse id after verifying the key, audits the change, and clears it when emptied", async () => {
    expect(await updateConnectionConfig(access, connectionId, form({ "config.warehouseId": "2" }))).toEqual({ changed: ["warehouseId"] });
    expect((await loadConnection(access.workspace.id, connectionId)).config).toEqual({ warehouseId: 2 });
    const audit = await db.auditEvent.findFirst({ where: { workspaceId: access.workspace.id, action: "connection.settings_changed", targetId: connectionId }, orderBy: { createdAt: "desc" } });
    expect(audit?.metadata).toEqual({ changed: ["warehouseId"], from: { warehouseId: null }, to: { warehouseId: 2 } });
    expect(await updateConnectionConfig(access, connectionId, form({ "config.warehouseId": "2" }))).toEqual({ changed: [] });
    expect(await updateConnectionConfig(access, connectionId, form({ "config.warehouseId": "" }))).toEqual({ changed: ["warehouseId"] });
    expect((await loadConnection(access.workspace.id, connectionId)).config).toEqual({});
  });

  it("refuses what is not a whole number above 0, naming the field, and stores nothing", async () => {
    for (const bad of ["abc", "1.5", "0", "-3"]) {
      const err = await caughtAppError(updateConnectionConfig(access, connectionId, form({ "config.warehouseId": bad })));
      expect(err, bad).toMatchObject({ code: "CONFIG_SCHEMA_INVALID", details: { fields: { "config.warehouseId": expect.stringContaining("whole number") } } });
    }
    expect((await loadConnection(access.workspace.id, connectionId)).config).toEqual({});
  });

  it("does not save when the stored key no longer works with the settings", async () => {
    await updateSandboxFaults(sbx.account.id, { errorRate: 1 });
    try {
      const err = await caughtAppError(updateConnectionConfig(access, connectionId, form({ "config.warehouseId": "1" })));
      expect(err.code).not.toBe("CONFIG_SCHEMA_INVALID");
    } finally {
      await updateSandboxFaults(sbx.account.id, { errorRate: 0 });
    }
    expect((await loadConnection(access.workspace.id, connectionId)).config).toEqual({});
  });

  it("needs an admin; another workspace gets NOT_FOUND", async () => {
    const member = await addTestMember(access, "member");
    expect((await caughtAppError(updateConnectionConfig(member, connectionId, { warehouseId: 1 }))).code).toBe("FORBIDDEN");
    const other = await createTestWorkspace();
    expect((await caughtAppError(updateConnectionConfig(other, connectionId, { warehouseId: 1 }))).code).toBe("NOT_FOUND");
    expect((await loadConnection(access.workspace.id, connectionId)).config).toEqual({});
  });
});
