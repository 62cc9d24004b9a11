// The outbound functions end to end on the embedded executor (manual clock): a contact written through
// the public API becomes a delivery for the subscribed endpoint, whose schedule runs every attempt with
// step.sleep between them and marks it failed when the endpoint never answers; resend starts again.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { createApiKey } from "@/lib/api/api-keys";
import { callApi } from "@/lib/api/api-test-request";
import { createEndpoint } from "@/lib/webhooks/outbound/outbound-endpoints";
import { recoverFailedSince, resendDelivery, sendTestEvent } from "@/lib/webhooks/outbound/request-deliveries";
import { listDeliveries } from "@/lib/webhooks/outbound/list-deliveries";
import { RETRY_DELAYS_MS } from "@/lib/webhooks/outbound/outbound-event-types";
import * as contacts from "@/app/api/v1/contacts/route";

// the executor stops before isolateDatabase's teardown drops the database (hooks run in order here)
afterAll(async () => {
  await h.executor.stop();
});
await isolateDatabase();
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  resetEnvCache();
  await h.executor.sync();
});
afterAll(() => {
  delete process.env.MASTER_KEY;
  resetEnvCache();
});

describe("outbound webhook functions", () => {
  it("fan a record change out to the subscribed endpoint and retry on the whole schedule with sleeps", async () => {
    const ws = await createTestWorkspace();
    // an address the SSRF guard refuses at delivery time: every attempt fails and is logged
    const { endpoint } = await createEndpoint(ws, { url: "https://hooks.example.com/in", eventTypes: ["contact.created"] }, { resolver: async () => [{ address: "93.184.216.34", family: 4 }] });
    await db.outboundEndpoint.update({ where: { id: endpoint.id }, data: { url: "http://10.0.0.1/in" } });
    const other = await createEndpoint(ws, { url: "https://hooks.example.com/orders", eventTypes: ["order.updated"] }, { resolver: async () => [{ address: "93.184.216.34", family: 4 }] });
    const { key } = await createApiKey(ws, { name: "fn", scopes: ["contacts:write"] });
    const made = await callApi(contacts.POST, { method: "POST", path: "/api/v1/contacts", key, body: { external_id: "x-1", fields: { firstName: "Out", lastName: "Bound" } } });
    expect(made.status).toBe(201);
    await h.advanceUntilIdle();

    const deliveries = await db.outboundDelivery.findMany({ where: { workspaceId: ws.workspace.id } });
    expect(deliveries.map((d) => [d.endpointId, d.eventType, d.status])).toEqual([[endpoint.id, "contact.created", "failed"]]);
    expect(deliveries[0]?.payload).toMatchObject({ type: "contact.created", data: { external_id: "x-1", fields: { firstName: "Out", lastName: "Bound" } } });
    expect(await db.outboundDelivery.count({ where: { endpointId: other.endpoint.id } })).toBe(0);
    const attempts = await db.outboundAttempt.findMany({ where: { deliveryId: deliveries[0]!.id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => a.attempt)).toEqual(RETRY_DELAYS_MS.map((_, i) => i + 1));
    expect(attempts[0]?.error).toMatch(/10\.0\.0\.1|private|blocked/i);
    const sleeps = RETRY_DELAYS_MS.filter((d) => d > 0).reduce((a, b) => a + b, 0);
    expect(h.clock() - Date.UTC(2026, 0, 5, 12, 0, 0)).toBeGreaterThanOrEqual(sleeps);

    await resendDelivery(ws, deliveries[0]!.id);
    await h.advanceUntilIdle();
    expect(await db.outboundAttempt.count({ where: { deliveryId: deliveries[0]!.id } })).toBe(RETRY_DELAYS_MS.length * 2);

    // recover everything failed since a time, and a test event to one endpoint; the log shows it all
    expect(await recoverFailedSince(ws, endpoint.id, new Date(Date.now() - 3600_000))).toBe(1);
    await h.advanceUntilIdle();
    expect(await db.outboundAttempt.count({ where: { deliveryId: deliveries[0]!.id } })).toBe(RETRY_DELAYS_MS.length * 3);
    const testId = await sendTestEvent(ws, other.endpoint.id);
    await h.advanceUntilIdle();
    const log = await listDeliveries(ws);
    expect(log.find((d) => d.id === testId)).toMatchObject({ endpointId: other.endpoint.id, eventType: "test.event" });
    expect(log.find((d) => d.id === deliveries[0]!.id)?.attempts).toHaveLength(RETRY_DELAYS_MS.length * 3);
  }, 180_000); // eight attempts and their sleeps through the executor: slow on a loaded machine
});
