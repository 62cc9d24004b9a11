// The serve route's guard: the signature is checked before the body is parsed, and the body is bounded.
import { randomBytes } from "node:crypto";
import canonicalize from "canonicalize";
import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { signBody } from "@/inngest/executor/signing";
import { guardServe, SERVE_BODY_LIMIT } from "@/inngest/serve-guard";

const signingKey = `signkey-test-${randomBytes(32).toString("hex")}`;
const client = new Inngest({ id: "guarded", isDev: false, signingKey, eventKey: "k", checkpointing: false });
const echo = client.createFunction({ id: "echo", triggers: [{ event: "t/echo" }] }, async ({ event }) => ({ got: event.data.v }));
const raw = serve({ client, functions: [echo] });
const signed = guardServe(raw, () => [signingKey]);
const dev = guardServe(serve({ client: new Inngest({ id: "dev", isDev: true }), functions: [] }), () => []);
const URL_ = "http://switchboard.test/api/inngest?fnId=guarded-echo&stepId=step";

const callBody = canonicalize({
  event: { name: "t/echo", data: { v: 7 }, id: "e1", ts: 1, user: {} },
  events: [{ name: "t/echo", data: { v: 7 }, id: "e1", ts: 1, user: {} }],
  steps: {},
  ctx: {
    run_id: "01RUN",
    attempt: 0,
    max_attempts: 1,
    disable_immediate_execution: false,
    use_api: false,
    stack: { stack: [], current: 0 },
  },
  version: 2,
}) as string;

type Init = NonNullable<ConstructorParameters<typeof NextRequest>[1]>;
const post = (body: BodyInit, headers: Record<string, string> = {}) => {
  // duplex: a streamed request body needs it (undici); the DOM type does not know the field yet.
  const init: Init & { duplex: "half" } = {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  };
  return signed.POST(new NextRequest(URL_, init), undefined);
};

/** A body that counts how many bytes the server pulled from it. */
function countingStream(chunk: number, chunks: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("serve guard", () => {
  it("passes a correctly signed call to the SDK", async () => {
    const res = await post(callBody, { "x-inngest-signature": signBody(callBody, signingKey, Date.now()) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: 7 });
  });

  it("answers a malformed unsigned body with 401 before parsing it (not a 500)", async () => {
    const res = await post("{not json", {});
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const forged = await post("{not json", { "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"ab".repeat(32)}` });
    expect(forged.status).toBe(401);
    const stale = await post(callBody, { "x-inngest-signature": signBody(callBody, signingKey, Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
  });

  it("refuses an unsigned body without reading it, and stops reading a signed-looking one at the limit (413)", async () => {
    const unsigned = countingStream(1024 * 1024, 64);
    expect((await post(unsigned.stream)).status).toBe(401);
    expect(unsigned.pulled()).toBeLessThanOrEqual(2 * 1024 * 1024); // at most what the stream pre-buffers

    const big = countingStream(1024 * 1024, 64);
    const res = await post(big.stream, { "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"ab".repeat(32)}` });
    expect(res.status).toBe(413);
    expect(big.pulled()).toBeLessThanOrEqual(SERVE_BODY_LIMIT + 2 * 1024 * 1024);
    expect(big.pulled()).toBeLessThan(64 * 1024 * 1024);

    const declared = await signed.POST(
      new NextRequest(URL_, {
        method: "POST",
        body: "{}",
        headers: { "content-length": String(SERVE_BODY_LIMIT + 1), "x-inngest-signature": signBody("{}", signingKey, Date.now()) },
      }),
      undefined,
    );
    expect(declared.status).toBe(413);
  });

  it("in dev mode (no key) a body that is not JSON is a 400", async () => {
    const res = await dev.POST(new NextRequest(URL_, { method: "POST", body: "{not json" }), undefined);
    expect(res.status).toBe(400);
  });
});
