// The per-connection route remembers the connection it read (lib/webhooks/target-cache.ts) and stores
// later deliveries in one statement that re-checks it. What changes in the database — by this process or
// another, with no cache hook involved — applies to the very next delivery: disabled, the signing secret
// replaced, the allow-list narrowed, the connection deleted.
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { deleteConnection } from "@/lib/connections/delete-connection";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { PEER_HEADER } from "@/lib/http/peer-address";
import { createTestSandbox } from "@/lib/integrations/sandbox/test-context";
import { receiveWebhookRequest } from "@/lib/webhooks/receive-webhook";
import { setAllowedSenders } from "@/lib/webhooks/set-allowed-senders";
import { cachedTarget } from "@/lib/webhooks/target-cache";
import { storeCheckedDelivery, BODY_HASH_WINDOW_MS, defaultEventRoute } from "@/lib/webhooks/store-delivery";
import { deliveryEventsSettled, sendAfterAck, SEND_QUIET_MS } from "@/lib/webhooks/send-delivery-events";
import { beginForeground, MAX_DEFER_MS } from "@/lib/jobs/foreground";
import { getDriver } from "@/lib/db/driver";
import type { DeliveryFacts } from "@/lib/webhooks/describe-delivery";
import { sql } from "@/inngest/executor/sql-client";
import { createHarness } from "@/inngest/executor/testing/harness";
import { inngest, sendEvents } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";

await isolateDatabase();
/** the database on this thread (PGlite), where the receiver's events wait for a gap */
const embedded = getDriver().kind === "pglite";

let server: Awaited<ReturnType<typeof startAppServer>>;
let access: WorkspaceAccess;
let connectionId: string;
let apiKey: string;
const secret = `whsec_${randomBytes(24).toString("base64")}`;

beforeAll(async () => {
  server = await startAppServer();
  access = await createTestWorkspace();
  const sbx = await createTestSandbox("loops", { workspaceId: access.workspace.id, userId: access.user.id, count: 0 });
  apiKey = sbx.apiKey;
  connectionId = (
    await connectApiKey(access, {
      provider: "loops",
      name: "Loops remembered",
      environment: "sandbox",
      credentials: { apiKey, webhookSigningSecret: secret },
    })
  ).id;
});

afterAll(async () => {
  await server.close();
  resetEnvCache();
});

let n = 0;
async function post(opts: { key?: string; peer?: string } = {}): Promise<{ status: number; contactId: string }> {
  const contactId = `c-remembered-${n++}`;
  const t = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    eventName: "contact.created",
    eventTime: t,
    webhookSchemaVersion: "1.0.0",
    contactIdentity: { id: contactId, email: `${contactId}@example.test`, userId: null },
    contact: {
      id: contactId,
      email: `${contactId}@example.test`,
      firstName: "R",
      lastName: "M",
      source: "api",
      subscribed: true,
      userGroup: "",
      userId: null,
      mailingLists: {},
    },
  });
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const key = opts.key ?? secret;
  const mac = createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64"))
    .update(`${id}.${t}.${body}`)
    .digest("base64");
  const res = await receiveWebhookRequest(
    new Request(`http://hooks.test/api/webhooks/loops/${connectionId}`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(t),
        "webhook-signature": `v1,${mac}`,
        [PEER_HEADER]: opts.peer ?? "203.0.113.7",
      },
    }),
    { provider: "loops", connectionId },
  );
  return { status: res.status, contactId };
}

async function stored(contactId: string): Promise<number> {
  return db.webhookDelivery.count({ where: { connectionId, rawBody: { contains: `"${contactId}"` } } });
}

/** The connection as stored now, and the target version the store statement checks against. */
async function currentTarget() {
  const c = await db.connection.findUniqueOrThrow({ where: { id: connectionId } });
  const endpointUpdatedAt = (await db.webhookEndpoint.findUnique({ where: { connectionId } }))?.updatedAt ?? null;
  return { c, target: { connection: c, endpointUpdatedAt } };
}

/** A test's own deliveries: the facts of delivery `k`, with event ids no other test uses, all at one time. */
function deliveryKeys() {
  const now = new Date();
  const tag = randomBytes(6).toString("hex");
  const facts = (k: string): DeliveryFacts => ({
    eventIds: [`${tag}-${k}`],
    eventType: "contact.created",
    occurredAt: now,
    dedupKey: `ev:${tag}-${k}`,
    byBodyHash: false,
  });
  return { now, until: new Date(now.getTime() + 60_000), tag, facts };
}

describe("a remembered webhook connection", () => {
  it("one statement: stores, counts a duplicate, refuses a replay, leaves an expired body-hash key to storeDelivery", async () => {
    const { c, target } = await currentTarget();
    const now = new Date();
    const facts: DeliveryFacts = {
      eventIds: [],
      eventType: "unknown",
      occurredAt: null,
      dedupKey: `body:${randomBytes(8).toString("hex")}`,
      byBodyHash: true,
    };
    const body = { rawBody: '{"one":1}', bytes: 9, headers: {} };
    const until = new Date(now.getTime() + 60_000);
    const first = await storeCheckedDelivery(target, facts, body, "fp-one", until, now, "joined");
    // the new delivery's event is stored with it, in the same statement (the embedded runner's ingest)
    expect(first).toMatchObject({ kind: "stored", duplicate: false, evented: true });
    const event = await db.executorEvent.findUnique({ where: { id: (first as { id: string }).id } });
    expect(event?.name).toBe("switchboard/webhook.received");
    expect(event?.payload).toMatchObject({ data: { deliveryId: (first as { id: string }).id, connectionId: c.id } });
    expect(await storeCheckedDelivery(target, facts, body, "fp-one", until, now)).toEqual({ kind: "replayed" });
    const again = await storeCheckedDelivery(target, facts, body, "fp-two", until, now);
    expect(again).toEqual({ kind: "stored", id: (first as { id: string }).id, duplicate: true, evented: false });
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: (first as { id: string }).id } })).duplicateCount).toBe(1);
    const later = new Date(now.getTime() + BODY_HASH_WINDOW_MS + 1000);
    expect(await storeCheckedDelivery(target, facts, body, "fp-three", until, later)).toEqual({ kind: "expired-key" });
    expect(
      await storeCheckedDelivery({ ...target, connection: { ...c, updatedAt: new Date(0) } }, facts, body, "fp-four", until, now),
    ).toEqual({
      kind: "stale",
    });
    expect(await db.webhookReplayGuard.count({ where: { fingerprint: "fp-four" } })).toBe(0);
    await db.webhookDelivery.delete({ where: { id: (first as { id: string }).id } });
  });

  it("deliveries past their batch's room: the events start a run of a full batch and open the next, each event in exactly one", async () => {
    // the app's functions known to the job runner (synced, not started: the runs stay queued)
    await createHarness({ client: inngest, functions }).executor.sync();
    const { target } = await currentTarget();
    const now = new Date();
    const tag = randomBytes(6).toString("hex");
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        storeCheckedDelivery(
          target,
          { eventIds: [`${tag}-${i}`], eventType: "contact.created", occurredAt: now, dedupKey: `ev:${tag}-${i}`, byBodyHash: false },
          { rawBody: `{"k":"${tag}-${i}"}`, bytes: 14, headers: {} },
          `fp-${tag}-${i}`,
          new Date(now.getTime() + 60_000),
          now,
          "joined",
        ),
      ),
    );
    expect(results.filter((r) => r.kind === "stored" && !r.duplicate && r.evented)).toHaveLength(60);
    const ids = results.map((r) => (r as { id: string }).id);
    expect(await db.executorEvent.count({ where: { id: { in: ids } } })).toBe(60);
    // one statement, one snapshot: the runner may flush the open batch into a run meanwhile
    const { rows } = await sql<{ id: string; n: number; full: number }>(
      `SELECT e->>'id' AS id, count(*)::int AS n, count(*) FILTER (WHERE size = 50)::int AS full FROM (
         SELECT jsonb_array_elements(events) AS e, jsonb_array_length(events) AS size FROM executor_runs
         UNION ALL SELECT jsonb_array_elements(events), 0 FROM executor_buffers) s
       WHERE e->>'id' = ANY($1::text[]) GROUP BY 1`,
      [ids],
    );
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // 60 events do not fit a batch of 50: a full batch became a run at once
    expect(rows.filter((r) => r.full === 1).length).toBeGreaterThanOrEqual(10);
  });

  it("when a wait is on the events, the deliveries are stored alone, once, and their events are left to the receiver's send", async () => {
    const { target } = await currentTarget();
    const now = new Date();
    const tag = randomBytes(6).toString("hex");
    const wait = await db.executorWait.create({
      data: { runId: `run-${tag}`, stepId: "wait", eventName: "switchboard/webhook.received", expiresAt: new Date(now.getTime() + 60_000) },
    });
    try {
      const facts: DeliveryFacts = {
        eventIds: [tag],
        eventType: "contact.created",
        occurredAt: now,
        dedupKey: `ev:${tag}`,
        byBodyHash: false,
      };
      const stored = await storeCheckedDelivery(
        target,
        facts,
        { rawBody: `{"k":"${tag}"}`, bytes: 12, headers: {} },
        `fp-${tag}`,
        new Date(now.getTime() + 60_000),
        now,
        "joined",
      );
      expect(stored).toMatchObject({ kind: "stored", duplicate: false, evented: false });
      const id = (stored as { id: string }).id;
      // the delivery once, its fingerprint claimed once, and no event: the receiver sends it after its answer
      expect(await db.webhookDelivery.count({ where: { connectionId, dedupKey: `ev:${tag}` } })).toBe(1);
      expect(await db.webhookReplayGuard.count({ where: { fingerprint: `fp-${tag}` } })).toBe(1);
      expect(await db.executorEvent.count({ where: { id } })).toBe(0);
    } finally {
      await db.executorWait.delete({ where: { id: wait.id } });
    }
  });

  it("on PGlite the deliveries are stored alone and their events go after the answers, once requests leave a gap", async () => {
    await createHarness({ client: inngest, functions }).executor.sync();
    expect(defaultEventRoute()).toBe(embedded ? "after-answer" : "joined");
    const { c, target } = await currentTarget();
    const now = new Date();
    const tag = randomBytes(6).toString("hex");
    const stored = await storeCheckedDelivery(
      target,
      { eventIds: [tag], eventType: "contact.created", occurredAt: now, dedupKey: `ev:${tag}`, byBodyHash: false },
      { rawBody: `{"k":"${tag}"}`, bytes: 12, headers: {} },
      `fp-${tag}`,
      new Date(now.getTime() + 60_000),
      now,
      "after-answer",
    );
    expect(stored).toMatchObject({ kind: "stored", duplicate: false, evented: false });
    const id = (stored as { id: string }).id;
    expect(await db.executorEvent.count({ where: { id } })).toBe(0);
    // a webhook request in flight: on PGlite the send waits for it to end (and SEND_QUIET_MS after),
    // at most MAX_DEFER_MS; on PostgreSQL it goes at once
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const end = beginForeground();
    try {
      await sendAfterAck([{ deliveryId: id, connectionId: c.id, workspaceId: c.workspaceId }]);
      if (embedded) {
        await vi.advanceTimersByTimeAsync(MAX_DEFER_MS - 1_000);
        // a send started after it has gone through the runner's ingest (first in, first stored): had the
        // delivery's send not waited, its event would be stored by now
        await sendEvents([{ name: "switchboard/test.probe", data: { tag } }]);
        expect(await db.executorEvent.count({ where: { id } })).toBe(0);
      }
      end();
      await vi.advanceTimersByTimeAsync(SEND_QUIET_MS);
    } finally {
      end();
      vi.useRealTimers();
    }
    await deliveryEventsSettled();
    const event = await db.executorEvent.findUnique({ where: { id } });
    expect(event?.payload).toMatchObject({ data: { deliveryId: id, connectionId: c.id } });
  });

  it("concurrent deliveries share one statement: each still gets its own answer (stored, duplicate, replayed, stale)", async () => {
    const { c, target } = await currentTarget();
    const { now, until, tag, facts } = deliveryKeys();
    const body = (k: string) => ({ rawBody: `{"k":"${tag}-${k}"}`, bytes: 12, headers: { "webhook-id": k } });
    // all submitted in the same tick: they go in one group (one statement, in rounds for the repeats)
    const results = await Promise.all([
      storeCheckedDelivery(target, facts("a"), body("a"), `${tag}-fp-a`, until, now),
      storeCheckedDelivery(target, facts("b"), body("b"), `${tag}-fp-b`, until, now),
      storeCheckedDelivery(target, facts("a"), body("a"), `${tag}-fp-a2`, until, now), // same event, new signature: a duplicate
      storeCheckedDelivery(target, facts("c"), body("c"), `${tag}-fp-b`, until, now), // a replayed signed request
      storeCheckedDelivery({ ...target, connection: { ...c, updatedAt: new Date(0) } }, facts("d"), body("d"), `${tag}-fp-d`, until, now),
      storeCheckedDelivery(target, facts("e"), body("e"), null, until, now),
    ]);
    const [a, b, aAgain, replay, stale, e] = results;
    expect(a).toMatchObject({ kind: "stored", duplicate: false });
    expect(b).toMatchObject({ kind: "stored", duplicate: false });
    expect(aAgain).toEqual({ kind: "stored", id: (a as { id: string }).id, duplicate: true, evented: false });
    expect(replay).toEqual({ kind: "replayed" });
    expect(stale).toEqual({ kind: "stale" });
    expect(e).toMatchObject({ kind: "stored", duplicate: false });
    const rows = await db.webhookDelivery.findMany({
      where: { connectionId, dedupKey: { startsWith: `ev:${tag}-` } },
      orderBy: { dedupKey: "asc" },
    });
    expect(rows.map((r) => [r.dedupKey, r.duplicateCount, r.providerEventIds, r.headers])).toEqual([
      [`ev:${tag}-a`, 1, [`${tag}-a`], { "webhook-id": "a" }],
      [`ev:${tag}-b`, 0, [`${tag}-b`], { "webhook-id": "b" }],
      [`ev:${tag}-e`, 0, [`${tag}-e`], { "webhook-id": "e" }],
    ]);
    expect(rows[0]!.occurredAt?.getTime()).toBe(now.getTime());
    expect(await db.webhookReplayGuard.count({ where: { fingerprint: { in: [`${tag}-fp-d`] } } })).toBe(0);
    await db.webhookDelivery.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  });

  it("a group meeting a delivery or fingerprint stored before it: the new ones stored and evented once, the duplicate counted, the replay refused", async () => {
    // a group is first stored without ON CONFLICT; an earlier row makes that statement fail whole, and
    // the group is stored again by the statement that settles each conflict
    await createHarness({ client: inngest, functions }).executor.sync();
    const { target } = await currentTarget();
    const { now, until, tag, facts } = deliveryKeys();
    const body = (k: string) => ({ rawBody: `{"k":"${tag}-${k}"}`, bytes: 12, headers: {} });
    const store = (k: string, fp: string | null) => storeCheckedDelivery(target, facts(k), body(k), fp, until, now, "joined");
    const a = await store("a", `${tag}-fp-a`);
    expect(a).toMatchObject({ kind: "stored", duplicate: false });
    // each group below is submitted in one tick, so its deliveries share a statement
    const [b, aAgain, d] = await Promise.all([
      store("b", `${tag}-fp-b`),
      store("a", `${tag}-fp-a2`), // the provider's retry of a, re-signed
      store("d", null),
    ]);
    expect(aAgain).toEqual({ kind: "stored", id: (a as { id: string }).id, duplicate: true, evented: false });
    expect(b).toMatchObject({ kind: "stored", duplicate: false, evented: true });
    expect(d).toMatchObject({ kind: "stored", duplicate: false, evented: true });
    const [e, f] = await Promise.all([store("e", `${tag}-fp-e`), store("f", `${tag}-fp-f`)]);
    const [replay, g] = await Promise.all([
      store("c", `${tag}-fp-a`), // a's signed request again
      store("g", `${tag}-fp-g`),
    ]);
    expect(replay).toEqual({ kind: "replayed" });
    const [h] = await Promise.all([store("h", `${tag}-fp-h`)]);
    for (const r of [e, f, g, h]) expect(r).toMatchObject({ kind: "stored", duplicate: false, evented: true });

    const rows = await db.webhookDelivery.findMany({
      where: { connectionId, dedupKey: { startsWith: `ev:${tag}-` } },
      orderBy: { dedupKey: "asc" },
    });
    expect(rows.map((r) => [r.dedupKey?.slice(-1), r.duplicateCount])).toEqual([
      ["a", 1],
      ["b", 0],
      ["d", 0],
      ["e", 0],
      ["f", 0],
      ["g", 0],
      ["h", 0],
    ]);
    const ids = [b, d, e, f, g, h].map((r) => (r as { id: string }).id);
    expect(new Set(ids).size).toBe(6);
    expect(await db.executorEvent.count({ where: { id: { in: ids } } })).toBe(6);
    expect(
      (await db.webhookReplayGuard.findMany({ where: { fingerprint: { startsWith: `${tag}-fp-` } } })).map((r) => r.fingerprint).sort(),
    ).toEqual(["a", "a2", "b", "e", "f", "g", "h"].map((k) => `${tag}-fp-${k}`)); // the retry's own signature is claimed too
    await db.webhookDelivery.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  });

  it("is remembered after a delivery, and what changes in the database applies to the next delivery", async () => {
    const first = await post();
    expect(first.status).toBe(200);
    expect(cachedTarget(connectionId)?.connection.id).toBe(connectionId);
    const second = await post();
    expect(second.status).toBe(200);
    expect(await stored(second.contactId)).toBe(1);

    // disabled
    await db.connection.update({ where: { id: connectionId }, data: { status: "disabled" } });
    const whileDisabled = await post();
    expect(whileDisabled.status).toBe(404);
    expect(await stored(whileDisabled.contactId)).toBe(0);
    await db.connection.update({ where: { id: connectionId }, data: { status: "active" } });
    expect((await post()).status).toBe(200);

    // the signing secret replaced: the old one is refused at once, the new one accepted
    const next = `whsec_${randomBytes(24).toString("base64")}`;
    const sealed = await sealSecret(
      { workspaceId: access.workspace.id, ownerId: connectionId, purpose: "credentials" },
      { apiKey, webhookSigningSecret: next },
    );
    await db.connection.update({ where: { id: connectionId }, data: { credentialsSealed: sealed } });
    const old = await post();
    expect(old.status).toBe(401);
    expect(await stored(old.contactId)).toBe(0);
    const fresh = await post({ key: next });
    expect(fresh.status).toBe(200);
    expect(await stored(fresh.contactId)).toBe(1);

    // the allow-list narrowed
    await setAllowedSenders(access, connectionId, "198.51.100.0/24");
    const outside = await post({ key: next });
    expect(outside.status).toBe(403);
    expect(await stored(outside.contactId)).toBe(0);
    expect((await post({ key: next, peer: "198.51.100.9" })).status).toBe(200);

    // deleted
    await deleteConnection(access, connectionId, "Loops remembered");
    const afterDelete = await post({ key: next, peer: "198.51.100.9" });
    expect(afterDelete.status).toBe(404);
  });
});
