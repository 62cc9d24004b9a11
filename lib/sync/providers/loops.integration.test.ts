// The sync engine on the Loops sandbox over real HTTP. Loops cannot list contacts: the engine never pulls
// it (and the connection page says so), it pushes creates, updates and deletes exactly once (a retried
// create included, a changed e-mail never makes a second contact), changes made in Loops arrive through
// its signed webhooks and go on to the other connections but not back, and an unsubscribe is never undone.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ObjectSyncCard } from "@/components/sync/object-sync-card";
import { db } from "@/lib/db/client";
import { loops } from "@/lib/integrations/loops/definition";
import { setLoopsWebhookEndpoint } from "@/lib/integrations/loops/sandbox";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { startWebhookReceiver } from "@/lib/integrations/sandbox/test-server";
import type { TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { createRecord, deleteRecord, updateRecord } from "@/lib/records/save-record";
import { applyWebhookRecords, BUSY_CHUNK, type PushedChange } from "@/lib/sync/apply-webhook-records";
import { getDriver } from "@/lib/db/driver";
import { transactionsStarted } from "@/lib/db/open-transactions";
import { beginForeground } from "@/lib/jobs/foreground";
import { connectionSyncStatus } from "@/lib/sync/connection-sync-status";
import { beginPull } from "@/lib/sync/sync-jobs";
import { updateSyncSetting } from "@/lib/sync/sync-settings";
import {
  connectEngine,
  engineSandbox,
  hubRecord,
  hubRecordOf,
  linkOf,
  loseCreateOutcome,
  ownerOf,
  pending,
  pushAll,
  secondSandbox,
  withSandboxServer,
  type EngineConn,
} from "@/lib/sync/providers/engine-harness";

const server = withSandboxServer();

/** What the Loops account holds for an e-mail (the sandbox's own store: Loops has no listing to ask). */
async function inLoops(sbx: TestSandbox, email: string) {
  return (await listRecords(sbx.account.id, "contacts")).filter((r) => String(r.data.email ?? "").toLowerCase() === email.toLowerCase());
}

async function onlyInLoops(sbx: TestSandbox, email: string) {
  const found = await inLoops(sbx, email);
  expect(found).toHaveLength(1);
  return found[0]!;
}

async function twoAccounts() {
  const sbx = await engineSandbox("loops", { count: 0 });
  const sbx2 = await secondSandbox("loops", sbx);
  return { sbx, sbx2, a: await connectEngine(server.origin, loops, sbx, { name: "Loops A" }), b: await connectEngine(server.origin, loops, sbx2, { name: "Loops B" }) };
}

/** Loops' webhook deliveries for what happens in the account while `act` runs, parsed and applied as the inbox does. */
async function deliverWebhooks(c: EngineConn, expected: number, act: () => Promise<unknown>) {
  const receiver = await startWebhookReceiver();
  try {
    await setLoopsWebhookEndpoint({ accountId: c.sbx.account.id, url: receiver.url(`/api/webhooks/loops/${c.id}`) });
    await act();
    const received = await receiver.waitFor(expected);
    const parsed = (await Promise.all(received.map((r) => loops.webhookHandler.parse({ rawBody: r.body, headers: r.headers, config: {}, metadata: {} })))).flat();
    const changes: PushedChange[] = parsed.map((p) => {
      const at = p.occurredAt ? new Date(p.occurredAt) : null;
      if (p.action === "deleted") return { kind: "delete", externalId: p.externalId, occurredAt: at };
      return { kind: "upsert", record: p.record ?? { externalId: p.externalId, remoteUpdatedAt: at?.toISOString() ?? null, fields: p.fields ?? {} }, occurredAt: at };
    });
    return applyWebhookRecords({ connectionId: c.id, object: "contact", changes, api: c.api("contact") });
  } finally {
    await receiver.close();
  }
}

describe("sync engine on the Loops sandbox (contacts: push and webhooks only)", () => {
  it("never pulls Loops: the pull is refused, nothing is scheduled, and the connection page says it cannot list", async () => {
    const sbx = await engineSandbox("loops", { count: 3 });
    const c = await connectEngine(server.origin, loops, sbx);
    const setting = await db.syncSetting.findUniqueOrThrow({ where: { connectionId_object: { connectionId: c.id, object: "contact" } } });
    expect(setting).toMatchObject({ direction: "push", nextPullAt: null });
    for (const trigger of ["manual", "schedule"] as const) {
      expect(await beginPull(c.id, "contact", "incremental", trigger)).toEqual({ skipped: "Pulling is off for this object" });
      expect(await beginPull(c.id, "contact", "full", trigger)).toMatchObject({ skipped: expect.any(String) });
    }
    expect(await db.syncRun.count({ where: { connectionId: c.id } })).toBe(0);
    await expect(updateSyncSetting(ownerOf(sbx), c.id, "contact", { enabled: true, direction: "both", pullIntervalMinutes: 15 })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const status = await connectionSyncStatus(ownerOf(sbx), c.id);
    if (!status.supported) throw new Error(status.reason);
    const contacts = status.objects.find((o) => o.object === "contact")!;
    expect(contacts).toMatchObject({ canPull: false, canPush: true, directions: ["push"], nextPullAt: null });
    const noop = async () => ({ ok: true as const, message: "" });
    const html = renderToStaticMarkup(createElement(ObjectSyncCard, { status: contacts, canManage: true, canRun: true, saveAction: noop, pullAction: noop, fullResyncAction: noop, retryAction: noop }));
    expect(html).toContain("This provider cannot list contacts: Switchboard pushes changes and relies on its webhooks.");
    expect(html).not.toContain("Sync now");
    expect(html).not.toContain("Full resync");
    expect(html).not.toContain("Next pull");
  });

  it("pushes a hub contact's create, update and delete to every Loops account exactly once (a retried create included)", async () => {
    const { sbx, sbx2, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Ada", lastName: "Loops", email: "ada.loops@example.test", subscribed: true, source: "website", "customFields.plan": "pro" });
    for (const [c, s] of [[a, sbx], [b, sbx2]] as const) {
      expect((await pushAll(c, "contact")).createdCount).toBe(1);
      expect((await onlyInLoops(s, "ada.loops@example.test")).data).toMatchObject({ firstName: "Ada", lastName: "Loops", subscribed: true, source: "website", plan: "pro" });
    }
    // the create reached Loops but its answer was lost: the retry goes through the upsert by e-mail
    await loseCreateOutcome(a, made.recordId);
    await pushAll(a, "contact");
    const kept = await onlyInLoops(sbx, "ada.loops@example.test");
    expect(await linkOf(a, made.recordId)).toMatchObject({ externalId: kept.externalId, status: "synced" });
    for (const c of [a, b]) {
      const again = await pushAll(c, "contact");
      expect(again.createdCount + again.updatedCount).toBe(0);
    }

    await updateRecord(owner, "contact", made.recordId, { lastName: "Lovelace", "customFields.plan": "starter" });
    for (const [c, s] of [[a, sbx], [b, sbx2]] as const) {
      expect((await pushAll(c, "contact")).updatedCount).toBe(1);
      expect((await onlyInLoops(s, "ada.loops@example.test")).data).toMatchObject({ lastName: "Lovelace", plan: "starter" });
      expect((await pushAll(c, "contact")).updatedCount).toBe(0);
    }

    // a changed e-mail never makes a second Loops contact: Loops changes e-mails only by userId, so the update fails visibly
    await updateRecord(owner, "contact", made.recordId, { email: "ada.new@example.test" });
    const run = await pushAll(a, "contact");
    expect(run).toMatchObject({ createdCount: 0, updatedCount: 0, failedCount: 1 });
    expect(await inLoops(sbx, "ada.new@example.test")).toHaveLength(0);
    await onlyInLoops(sbx, "ada.loops@example.test");
    expect(await linkOf(a, made.recordId)).toMatchObject({ status: "failed", lastErrorCode: "PROVIDER_NOT_FOUND" });
    await updateRecord(owner, "contact", made.recordId, { email: "ada.loops@example.test" });

    await deleteRecord(owner, "contact", made.recordId);
    for (const [c, s] of [[a, sbx], [b, sbx2]] as const) {
      expect((await pushAll(c, "contact")).deletedCount).toBe(1);
      expect(await inLoops(s, "ada.loops@example.test")).toHaveLength(0);
      expect((await pushAll(c, "contact")).deletedCount).toBe(0);
    }
  });

  it("a contact made in Loops arrives by webhook, goes to the other account and not back; a Loops unsubscribe is never undone", async () => {
    const { sbx, sbx2, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    let externalId = "";
    const created = await deliverWebhooks(a, 1, async () => {
      externalId = (await a.api("contact").create!({ email: "grace@example.test", firstName: "Grace", subscribed: true })).externalId;
    });
    expect(created.applied).toMatchObject([{ externalId, action: "create", outcome: "succeeded" }]);
    const rec = await db.recordLink.findUniqueOrThrow({ where: { connectionId_object_externalId: { connectionId: a.id, object: "contact", externalId } } });
    expect((await hubRecord(rec.recordId)).data).toMatchObject({ email: "grace@example.test", firstName: "Grace", subscribed: true });
    expect(await pending(a, "contact")).toBe(0);
    expect(await pending(b, "contact")).toBe(1);
    expect((await pushAll(b, "contact")).createdCount).toBe(1);
    await onlyInLoops(sbx2, "grace@example.test");

    // the person unsubscribes in Loops A: the webhook unsubscribes the hub, B follows, A is not written
    await deliverWebhooks(a, 1, () => a.api("contact").upsert!({ email: "grace@example.test", subscribed: false }));
    expect((await hubRecord(rec.recordId)).data.subscribed).toBe(false);
    expect((await pushAll(a, "contact")).updatedCount).toBe(0);
    expect((await pushAll(b, "contact")).updatedCount).toBe(1);
    expect((await onlyInLoops(sbx2, "grace@example.test")).data.subscribed).toBe(false);
    // a later hub edit goes to both without subscribing anyone again
    await updateRecord(owner, "contact", rec.recordId, { lastName: "Hopper" });
    for (const [c, s] of [[a, sbx], [b, sbx2]] as const) {
      expect((await pushAll(c, "contact")).updatedCount).toBe(1);
      expect((await onlyInLoops(s, "grace@example.test")).data).toMatchObject({ lastName: "Hopper", subscribed: false });
    }
    // a Loops event saying "subscribed" again does not re-subscribe the hub
    await applyWebhookRecords({ connectionId: a.id, object: "contact", api: a.api("contact"), changes: [{ kind: "upsert", record: { externalId, remoteUpdatedAt: new Date().toISOString(), fields: { email: "grace@example.test", subscribed: true } }, occurredAt: new Date() }] });
    expect((await hubRecord(rec.recordId)).data.subscribed).toBe(false);
  });

  it("an unsubscribe made in Loops survives a hub edit pushed before its webhook is processed", async () => {
    const { sbx, a } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Sub", email: "sub@example.test", subscribed: true });
    await pushAll(a, "contact");
    await a.api("contact").upsert!({ email: "sub@example.test", subscribed: false }); // in Loops; the webhook is still in flight
    await updateRecord(owner, "contact", made.recordId, { lastName: "Edited" });
    expect((await pushAll(a, "contact")).updatedCount).toBe(1);
    expect((await onlyInLoops(sbx, "sub@example.test")).data).toMatchObject({ lastName: "Edited", subscribed: false });
    // a re-subscribe a person makes in Switchboard is pushed
    await updateRecord(owner, "contact", made.recordId, { subscribed: false });
    await updateRecord(owner, "contact", made.recordId, { subscribed: true });
    expect((await pushAll(a, "contact")).updatedCount).toBe(1);
    expect((await onlyInLoops(sbx, "sub@example.test")).data.subscribed).toBe(true);
  });

  it("simultaneous edits: a Loops event older than the hub's edit keeps the hub value (and Loops gets it back); a newer one applies", async () => {
    const { sbx, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Lin", email: "lin@example.test", subscribed: true });
    await pushAll(a, "contact");
    await pushAll(b, "contact");
    const link = await linkOf(a, made.recordId);
    const agreed = new Date(Date.now() - 60_000);
    await db.recordLink.update({ where: { id: link.id }, data: { lastPulledAt: agreed, lastPushedAt: agreed } });
    await updateRecord(owner, "contact", made.recordId, { firstName: "HubLin" });
    const older = new Date(Date.now() - 30_000);
    await applyWebhookRecords({ connectionId: a.id, object: "contact", api: a.api("contact"), changes: [{ kind: "upsert", record: { externalId: link.externalId!, remoteUpdatedAt: older.toISOString(), fields: { email: "lin@example.test", firstName: "LoopsOlder" } }, occurredAt: older }] });
    expect((await hubRecord(made.recordId)).data.firstName).toBe("HubLin");
    expect((await pushAll(a, "contact")).updatedCount).toBe(1);
    expect((await onlyInLoops(sbx, "lin@example.test")).data.firstName).toBe("HubLin");
    const newer = new Date(Date.now() + 1_000);
    await applyWebhookRecords({ connectionId: a.id, object: "contact", api: a.api("contact"), changes: [{ kind: "upsert", record: { externalId: link.externalId!, remoteUpdatedAt: newer.toISOString(), fields: { email: "lin@example.test", firstName: "LoopsNewer" } }, occurredAt: newer }] });
    expect((await hubRecord(made.recordId)).data.firstName).toBe("LoopsNewer");
    expect((await pushAll(b, "contact")).updatedCount).toBe(1);
  });

  it("a contact deleted in Loops: the webhook deletes it in the hub and the delete goes to the other account only", async () => {
    const { sbx, sbx2, a, b } = await twoAccounts();
    const owner = ownerOf(sbx);
    const made = await createRecord(owner, "contact", { firstName: "Gone", email: "gone@example.test" });
    await pushAll(a, "contact");
    await pushAll(b, "contact");
    await deliverWebhooks(a, 1, async () => {
      const res = await fetch(`${server.origin}/sandbox/loops/api/v1/contacts/delete`, { method: "POST", headers: { authorization: `Bearer ${sbx.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ email: "gone@example.test" }) });
      expect(res.status).toBe(200);
    });
    expect((await hubRecord(made.recordId)).deletedAt).not.toBeNull();
    expect((await pushAll(a, "contact")).deletedCount).toBe(0);
    expect((await pushAll(b, "contact")).deletedCount).toBe(1);
    expect(await inLoops(sbx2, "gone@example.test")).toHaveLength(0);
  });

  it("a batch applied while webhook requests are being answered commits a few records at a time, with the outcome of one transaction", async () => {
    const { a } = await twoAccounts();
    const t0 = Date.now();
    const batch = (tag: string): PushedChange[] => {
      const changes: PushedChange[] = Array.from({ length: 2 * BUSY_CHUNK + 2 }, (_, i) => {
        const at = new Date(t0 + i * 1_000);
        const fields = { email: `${tag}${i}@example.test`, firstName: "Chunk", lastName: `${tag} ${i}` };
        return { kind: "upsert" as const, record: { externalId: `${tag}-${i}`, remoteUpdatedAt: at.toISOString(), fields }, occurredAt: at };
      });
      // an older change of the first record in the same batch loses to the newer one
      const stale = new Date(t0 - 60_000);
      changes.push({ kind: "upsert", record: { externalId: `${tag}-0`, remoteUpdatedAt: stale.toISOString(), fields: { email: `${tag}0@example.test`, lastName: "stale" } }, occurredAt: stale });
      return changes;
    };
    // the first apply on a connection also sets up what later ones reuse (the mapping): not counted
    await applyWebhookRecords({ connectionId: a.id, object: "contact", changes: batch("first").slice(0, 1), api: a.api("contact") });
    const startedIdle = transactionsStarted();
    const idle = await applyWebhookRecords({ connectionId: a.id, object: "contact", changes: batch("idle"), api: a.api("contact") });
    const idleTransactions = transactionsStarted() - startedIdle;
    const end = beginForeground();
    let busy: Awaited<ReturnType<typeof applyWebhookRecords>>;
    const startedBusy = transactionsStarted();
    try {
      busy = await applyWebhookRecords({ connectionId: a.id, object: "contact", changes: batch("busy"), api: a.api("contact") });
    } finally {
      end();
    }
    const busyTransactions = transactionsStarted() - startedBusy;
    // on PGlite: three transactions of at most BUSY_CHUNK records instead of one (on PostgreSQL none is counted)
    if (getDriver().kind === "pglite") expect(busyTransactions - idleTransactions).toBe(2);
    for (const [tag, res] of [["idle", idle], ["busy", busy]] as const) {
      const run = await db.syncRun.findUniqueOrThrow({ where: { id: res.runId } });
      expect(run).toMatchObject({ status: "succeeded", trigger: "webhook", createdCount: 2 * BUSY_CHUNK + 2, failedCount: 0 });
      expect(await db.syncOperation.count({ where: { runId: res.runId, outcome: "succeeded" } })).toBe(2 * BUSY_CHUNK + 2);
      expect(res.applied.filter((x) => x.outcome === "skipped")).toHaveLength(1);
      for (let i = 0; i < 2 * BUSY_CHUNK + 2; i++) {
        const rec = await hubRecordOf(a, "contact", `${tag}-${i}`);
        expect(rec?.data).toMatchObject({ email: `${tag}${i}@example.test`, lastName: `${tag} ${i}` });
        expect(await db.recordChange.count({ where: { recordId: rec!.id } })).toBe(1);
      }
    }
  });
});
