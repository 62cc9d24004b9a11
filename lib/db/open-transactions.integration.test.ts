// On the embedded database (PGlite: one connection) a webhook answer lets an open transaction finish
// before it starts its own work, so the transaction is not stretched by it (lib/db/open-transactions.ts).
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getDriver } from "@/lib/db/driver";
import { transactionsSettled, transactionsStarted } from "@/lib/db/open-transactions";
import { receiveWebhookRequest } from "@/lib/webhooks/receive-webhook";

const embedded = getDriver().kind === "pglite";

/** A transaction that stays open until `release` is called; `opened` resolves once it is. */
function heldTransaction(fail = false) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let opened!: () => void;
  const isOpen = new Promise<void>((r) => (opened = r));
  const done = db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe("SELECT 1");
    opened();
    await held;
    if (fail) throw new Error("rolled back on purpose");
  });
  return { release, opened: isOpen, done };
}

/** Whether the promise has settled once the event loop has turned a few times. */
async function settledSoon(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
}

describe.runIf(embedded)("transactions open on the embedded database", () => {
  it("settle once every open transaction has committed or rolled back; none open: nothing to wait for", async () => {
    expect(transactionsSettled()).toBeNull();
    const before = transactionsStarted();
    const a = heldTransaction();
    await a.opened;
    expect(transactionsStarted()).toBe(before + 1);
    const settled = transactionsSettled();
    expect(settled).not.toBeNull();
    expect(await settledSoon(settled!)).toBe(false);
    a.release();
    await a.done;
    await settled;
    expect(transactionsSettled()).toBeNull();

    const b = heldTransaction(true);
    await b.opened;
    const afterRollback = transactionsSettled()!;
    b.release();
    await expect(b.done).rejects.toThrow("rolled back on purpose");
    await afterRollback;
    expect(transactionsSettled()).toBeNull();
  });

  it("a webhook request that arrives while a transaction is open is taken up only after it ends, even one refused without the database", async () => {
    const t = heldTransaction();
    await t.opened;
    // no Content-Type: refused with 415 before anything is read
    const answer = receiveWebhookRequest(
      new Request("http://switchboard.test/api/webhooks/loops/abcdefghijkl", { method: "POST", body: "{}" }),
      {
        provider: "loops",
        connectionId: "abcdefghijkl",
      },
    );
    expect(await settledSoon(answer)).toBe(false);
    t.release();
    await t.done;
    expect((await answer).status).toBe(415);
  });
});
