// Signed mode: the executor signs every request exactly as Inngest does, verifies the SDK's response
// signatures, and a serve route configured with the key rejects anything unsigned.
import { randomBytes } from "node:crypto";
import { Inngest } from "inngest";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { embeddedEventFetch } from "@/inngest/executor/event-api";
import { deriveEventKey, signBody } from "@/inngest/executor/signing";
import { createHarness, SERVE_URL } from "@/inngest/executor/testing/harness";
import { calls, scenarioFunctions } from "@/inngest/executor/testing/scenario-functions";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const signingKey = `signkey-test-${randomBytes(32).toString("hex")}`;
const client = new Inngest({
  id: "signed",
  isDev: false,
  signingKey,
  eventKey: deriveEventKey(signingKey),
  baseUrl: "http://switchboard.test/api/executor/",
  fetch: embeddedEventFetch,
  checkpointing: false,
});
const fns = scenarioFunctions(client);
const h = createHarness({ client, functions: fns, signingKey });

beforeAll(async () => {
  await h.executor.sync();
});

describe("signed mode", () => {
  it("syncs and runs functions end to end with signed requests and verified responses", async () => {
    await h.executor.send({ name: "test/parent", data: { tag: "signed" } });
    await h.advanceUntilIdle();
    const parent = await db.executorRun.findFirstOrThrow({ where: { functionId: "signed-parent" } });
    expect(parent.status).toBe("completed");
    expect((parent.output as { v: { ok: unknown } }).v.ok).toEqual({ doubled: 42 });
    // inngest.send() inside a step went through the signed client's event key, in-process.
    expect(calls.get("two:first")).toBe(1);
  });

  it("the serve route rejects unsigned and wrongly signed calls", async () => {
    const body = JSON.stringify({
      event: { name: "test/two", data: { x: 1 } },
      events: [],
      steps: {},
      ctx: { run_id: "r", attempt: 0, max_attempts: 1, stack: { stack: [], current: 0 } },
      version: 2,
    });
    const url = `${SERVE_URL}?fnId=signed-two-steps&stepId=step`;
    const unsigned = await h.handlers.POST(
      new NextRequest(url, { method: "POST", body, headers: { "content-type": "application/json" } }),
      undefined,
    );
    expect(unsigned.status).toBe(401);
    const wrong = await h.handlers.POST(
      new NextRequest(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-inngest-signature": signBody(body, "signkey-test-deadbeef", Date.now()) },
      }),
      undefined,
    );
    expect(wrong.status).toBe(401);
    const unsignedSync = await h.handlers.PUT(
      new NextRequest(SERVE_URL, {
        method: "PUT",
        body: JSON.stringify({ url: SERVE_URL }),
        headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band" },
      }),
      undefined,
    );
    expect(unsignedSync.status).toBe(401);
  });

  it("an executor with the wrong key cannot sync", async () => {
    const other = createHarness({ client, functions: fns, signingKey: `signkey-test-${randomBytes(32).toString("hex")}` });
    await expect(other.executor.sync()).rejects.toThrow(/HTTP 401/);
    h.executor.activate();
  });

  it("treats a response whose signature does not verify as a failed attempt", async () => {
    const tampering = createHarness({
      client,
      functions: fns,
      signingKey,
      wrapTransport: (t) => ({
        async request(method, url, headers, body) {
          const res = await t.request(method, url, headers, body);
          if (method !== "POST") return res;
          return { ...res, body: res.body.replace(/40/g, "41") };
        },
      }),
    });
    await tampering.executor.send({ name: "test/two", data: { x: 4 } });
    await tampering.advanceUntilIdle();
    const run = await db.executorRun.findFirstOrThrow({ where: { functionId: "signed-two-steps" }, orderBy: { id: "desc" } });
    expect(run.status).toBe("failed");
    expect(run.requests).toBe(4); // 3 retries by default, then failed
    expect(JSON.stringify(run.error)).toContain("invalid signature");
    h.executor.activate();
  });
});
