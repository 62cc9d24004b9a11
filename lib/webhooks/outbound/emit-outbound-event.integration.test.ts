// The producers of the non-record outbound events, each triggered where it happens (engine steps against
// the HubSpot sandbox, the auth-error path, the alert evaluator), delivered to a receiver and verified
// with the standardwebhooks library: sync.completed, sync.failed, conflict.opened,
// connection.needs_reauth, alert.fired. An endpoint only gets the types it subscribed to.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { evaluateWorkspaceAlerts } from "@/lib/alerts/evaluate-alerts";
import { startSandboxServer } from "@/lib/integrations/sandbox/test-server";
import { loadCurrentMapping, saveMapping } from "@/lib/mappings/mapping-versions";
import { mappingTarget } from "@/lib/mappings/mapping-target";
import { hubspotSyncSetup, pullContacts, pushContacts } from "@/lib/mappings/sync-test-setup";
import { createRecord, updateRecord } from "@/lib/records/save-record";
import { finishRun, startRun } from "@/lib/sync/sync-runs";
import { markConnectionOnAuthError } from "@/lib/sync/sync-jobs";
import { attemptDelivery } from "@/lib/webhooks/outbound/deliver-outbound";
import { createEndpoint } from "@/lib/webhooks/outbound/outbound-endpoints";
import { sweepUnsentDeliveries } from "@/lib/webhooks/outbound/sweep-deliveries";

type Received = { headers: IncomingHttpHeaders; body: string };
const received: Received[] = [];
let origin = "";
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString("utf8")));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.end("ok");
  });
});
let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  process.env.OUTBOUND_WEBHOOK_ALLOWED_ORIGINS = origin;
  resetEnvCache();
  sandbox = await startSandboxServer();
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((r) => receiver.close(r));
  delete process.env.MASTER_KEY;
  delete process.env.OUTBOUND_WEBHOOK_ALLOWED_ORIGINS;
  resetEnvCache();
});

/** Attempts every pending delivery of the workspace (the delivery function's first attempt) and returns what arrived, verified. */
async function deliverAll(workspaceId: string, secret: string) {
  received.length = 0;
  const pending = await db.outboundDelivery.findMany({ where: { workspaceId, status: "pending" }, orderBy: { createdAt: "asc" } });
  for (const d of pending) expect((await attemptDelivery(d.id)).delivered).toBe(true);
  const wh = new Webhook(secret);
  return received.map((r) =>
    wh.verify(r.body, { "webhook-id": String(r.headers["webhook-id"]), "webhook-timestamp": String(r.headers["webhook-timestamp"]), "webhook-signature": String(r.headers["webhook-signature"]) }),
  ) as { type: string; data: Record<string, unknown> }[];
}

describe("outbound events beyond record changes", () => {
  it("sync.completed, conflict.opened, sync.failed, connection.needs_reauth and alert.fired reach a subscribed endpoint, signed", async () => {
    const s = await hubspotSyncSetup(sandbox.origin);
    const workspaceId = s.owner.workspace.id;
    const { secret } = await createEndpoint(s.owner, { url: `${origin}/ops`, eventTypes: ["sync.completed", "sync.failed", "conflict.opened", "connection.needs_reauth", "alert.fired"] });
    const records = await createEndpoint(s.owner, { url: `${origin}/records`, eventTypes: ["contact.created"] });

    // a push run: sync.completed with its counts
    const made = await createRecord(s.owner, "contact", { firstName: "Ops", lastName: "start", email: "ops.events@example.test" });
    const push = await pushContacts(s);
    let events = await deliverAll(workspaceId, secret);
    expect(events).toEqual([
      expect.objectContaining({ type: "sync.completed", data: expect.objectContaining({ id: push!.id, object: "contact", kind: "push", status: "succeeded", counts: expect.objectContaining({ created: 1 }), connection: expect.objectContaining({ id: s.connectionId, provider: "hubspot" }) }) }),
    ]);
    expect(await db.outboundDelivery.count({ where: { endpointId: records.endpoint.id } })).toBe(0);

    // the same field edited on both sides under a manual policy: conflict.opened (and the pull's sync.completed)
    const { mapping } = await loadCurrentMapping(await mappingTarget(s.owner, s.connectionId, "contact"));
    await saveMapping(s.owner, s.connectionId, "contact", { rules: mapping.rules.map((r) => (r.hubField === "lastName" ? { ...r, conflictPolicy: "manual" as const } : r)) }, { api: s.api });
    const link = await db.recordLink.findFirstOrThrow({ where: { recordId: made.recordId, connectionId: s.connectionId } });
    await updateRecord(s.owner, "contact", made.recordId, { lastName: "hub-edit" });
    await s.api.update!(link.externalId!, { lastname: "provider-edit" });
    await pullContacts(s);
    events = await deliverAll(workspaceId, secret);
    const conflict = await db.syncConflict.findFirstOrThrow({ where: { recordId: made.recordId, status: "open" } });
    expect(events.map((e) => e.type).sort()).toEqual(["conflict.opened", "sync.completed"]);
    expect(events.find((e) => e.type === "conflict.opened")?.data).toMatchObject({ id: conflict.id, record_id: made.recordId, field: "lastName", hub_value: "hub-edit", provider_value: "provider-edit", connection_id: s.connectionId });

    // a run that failed: sync.failed with the error
    const run = await startRun({ workspaceId, connectionId: s.connectionId, object: "contact", kind: "pull", trigger: "manual", mappingVersion: null, cursorFrom: null });
    await finishRun(run, "failed", { code: "PROVIDER_UNAVAILABLE", message: "HubSpot did not answer" });
    await finishRun(run, "failed", { code: "PROVIDER_UNAVAILABLE", message: "HubSpot did not answer" }); // a retried step sends nothing twice
    events = await deliverAll(workspaceId, secret);
    expect(events).toEqual([expect.objectContaining({ type: "sync.failed", data: expect.objectContaining({ id: run, status: "failed", error: { code: "PROVIDER_UNAVAILABLE", message: "HubSpot did not answer" } }) })]);

    // the provider refuses the credentials: connection.needs_reauth, and the alert it raises
    await markConnectionOnAuthError(s.connectionId, new AppError("INVALID_CREDENTIALS", "HubSpot refused the private app token"));
    await evaluateWorkspaceAlerts(workspaceId);
    events = await deliverAll(workspaceId, secret);
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual(["alert.fired", "connection.needs_reauth"]);
    expect(events.find((e) => e.type === "connection.needs_reauth")?.data).toMatchObject({ connection: { id: s.connectionId, provider: "hubspot" }, error: { code: "INVALID_CREDENTIALS" } });
    // (the failed run above may raise a failure alert too)
    expect(events.filter((e) => e.type === "alert.fired").map((e) => e.data)).toContainEqual(expect.objectContaining({ kind: "needs_reauth", connection_id: s.connectionId }));
  });

  it("the sweep starts the schedules of deliveries stored but never started", async () => {
    const s = await hubspotSyncSetup(sandbox.origin);
    await createEndpoint(s.owner, { url: `${origin}/ops`, eventTypes: ["sync.failed"] });
    const run = await startRun({ workspaceId: s.owner.workspace.id, connectionId: s.connectionId, object: "contact", kind: "pull", trigger: "manual", mappingVersion: null, cursorFrom: null });
    await finishRun(run, "failed", { code: "INTERNAL", message: "boom" });
    const d = await db.outboundDelivery.findFirstOrThrow({ where: { workspaceId: s.owner.workspace.id } });
    // this workspace only: other test files leave never-started deliveries in a shared database (hundreds,
    // older than this one, would fill the sweep's batch)
    const ws = s.owner.workspace.id;
    expect(await sweepUnsentDeliveries(new Date(d.createdAt.getTime() + 60_000), ws)).toEqual([]); // still in its grace period
    expect(await sweepUnsentDeliveries(new Date(d.createdAt.getTime() + 3 * 60_000), ws)).toEqual([d.id]);
  });
});
