import { expect, test } from "@playwright/test";

test("the embedded executor runs inside npm start, synced and signed", async ({ request }) => {
  // It syncs with /api/inngest once the server listens.
  await expect
    .poll(async () => (await (await request.get("/api/health")).json()) as { jobs: { mode: string; synced?: boolean; functions?: number } }, { timeout: 30_000 })
    .toMatchObject({ status: "ok", jobs: { mode: "embedded", running: true, synced: true } });
  const health = (await (await request.get("/api/health")).json()) as { jobs: { functions: number } };
  expect(health.jobs.functions).toBeGreaterThanOrEqual(2);

  // Nobody but the executor can drive the serve endpoint: unsigned calls are refused.
  const put = await request.put("/api/inngest", { data: { url: "http://evil.example/api/inngest" }, headers: { "x-inngest-sync-kind": "in_band" } });
  expect(put.status()).toBe(401);
  const post = await request.post("/api/inngest?fnId=switchboard-prune-job-history&stepId=step", { data: { event: {}, steps: {}, ctx: {} } });
  expect(post.status()).toBe(401);
  // A malformed body is refused before anything parses it: 401, not a 500 with a stack trace.
  const malformed = await request.post("/api/inngest?fnId=switchboard-prune-job-history&stepId=step", {
    data: "{not json",
    headers: { "content-type": "application/json" },
  });
  expect(malformed.status()).toBe(401);
  const events = await request.post("/api/executor/e/anything", { data: [{ name: "switchboard/jobs.prune-requested", data: {} }] });
  expect(events.status()).toBe(401); // a wrong event key
});
