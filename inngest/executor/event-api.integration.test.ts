// The executor's HTTP Event API: closed without a signing key; with one, it takes the derived key only.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { embeddedEventFetch, handleEventApiRequest } from "@/inngest/executor/event-api";
import { deriveEventKey } from "@/inngest/executor/signing";
import { isolateDatabase } from "@/lib/testing/isolated-database";

await isolateDatabase();

const post = (key: string, body: unknown) =>
  handleEventApiRequest(new Request(`http://switchboard.test/api/executor/e/${key}`, { method: "POST", body: JSON.stringify(body) }));

afterEach(() => {
  delete process.env.EMBEDDED_EXECUTOR_SIGNING_KEY;
  resetEnvCache();
});

describe("HTTP Event API", () => {
  it("is closed when no EMBEDDED_EXECUTOR_SIGNING_KEY is set", async () => {
    const res = await post("anything", { name: "a/b" });
    expect(res.status).toBe(403);
    expect(await db.executorEvent.count()).toBe(0);
  });

  it("accepts events with the derived key, rejects other keys, validates the payload", async () => {
    const key = "signkey-test-0123456789abcdef";
    process.env.EMBEDDED_EXECUTOR_SIGNING_KEY = key;
    resetEnvCache();
    const bad = await post("not-the-key", { name: "a/b" });
    expect(bad.status).toBe(401);
    const invalid = await post(deriveEventKey(key), [{ data: {} }]);
    expect(invalid.status).toBe(422);
    const ok = await post(deriveEventKey(key), [{ name: "a/b", id: "e-1", data: { n: 1 } }, { name: "a/c" }]);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { ids: string[]; status: number };
    expect(body.status).toBe(200);
    expect(body.ids[0]).toBe("e-1");
    expect(await db.executorEvent.count()).toBe(2);
    // Over 3 MB: 413, and the stream is not read to its end.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled >= 64 * 1024 * 1024) return c.close();
        pulled += 1024 * 1024;
        c.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
      },
    });
    const big = await handleEventApiRequest(
      new Request(`http://switchboard.test/api/executor/e/${deriveEventKey(key)}`, {
        method: "POST",
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(big.status).toBe(413);
    expect(pulled).toBeLessThan(8 * 1024 * 1024);
    expect(await db.executorEvent.count()).toBe(2);
  });

  it("in-process sends (the SDK's string body) are stored, validated and bounded like the HTTP route's", async () => {
    const url = "http://switchboard.test/api/executor/e/any-key";
    const send = (body: string) => embeddedEventFetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
    const ok = await send(JSON.stringify([{ name: "a/in-process", id: "e-in-process", data: {} }]));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { ids: string[] }).ids).toEqual(["e-in-process"]);
    expect(await db.executorEvent.findUnique({ where: { id: "e-in-process" } })).not.toBeNull();
    expect((await send(JSON.stringify([{ data: {} }]))).status).toBe(422);
    const big = await send(JSON.stringify([{ name: "a/big", id: "e-big", data: { pad: "x".repeat(3 * 1024 * 1024) } }]));
    expect(big.status).toBe(413);
    expect(await db.executorEvent.findUnique({ where: { id: "e-big" } })).toBeNull();
  });
});
