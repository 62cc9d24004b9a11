// npx tsx bench/export.ts [-- --contacts 100000 --format ndjson]   (PGLITE_DIR=memory:// by default)
// GET /api/v1/contacts/export of N contacts through the real route handler (API key, rate limit, stream),
// read chunk by chunk like a slow client would; prints RSS before, at each quarter of the export and the
// peak, so a flat line shows the export holds one page, not the whole result, in memory.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const { values } = parseArgs({ options: { contacts: { type: "string", default: "100000" }, format: { type: "string", default: "ndjson" } } });
const N = Number(values.contacts);
const FORMAT = values.format as "json" | "csv" | "ndjson";
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  process.env.PGLITE_DIR ??= "memory://";
  process.env.MASTER_KEY ??= randomBytes(32).toString("base64");
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { getDriver, closeDriver } = await import("@/lib/db/driver");
  const { applyMigrations } = await import("@/lib/db/migrate");
  await applyMigrations(getDriver());
  const { db } = await import("@/lib/db/client");
  const { createTestWorkspace } = await import("@/lib/testing/factories");
  const { createRecordsInTx } = await import("@/lib/records/write-record");
  const { createApiKey } = await import("@/lib/api/api-keys");
  const { GET } = await import("@/app/api/v1/contacts/export/route");

  const ws = await createTestWorkspace();
  const { key } = await createApiKey(ws, { name: "bench", scopes: ["contacts:read"] });
  const t0 = performance.now();
  for (let i = 0; i < N; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
      fields: { firstName: `First${i + j}`, lastName: `Last${i + j}`, email: `c${i + j}@bench.example`, company: "Bench Inc", leadStatus: "new", customFields: { score: (i + j) % 100 } },
      source: { kind: "system" as const },
    }));
    await db.$transaction((tx) => createRecordsInTx(tx, ws.workspace.id, "contact", batch), { timeout: 120_000 });
  }
  console.log(`seeded ${N} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  global.gc?.();
  const before = process.memoryUsage().rss;
  const res = await GET(new Request(`http://localhost/api/v1/contacts/export?format=${FORMAT}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let bytes = 0;
  let lines = 0;
  let peak = before;
  const marks: string[] = [];
  let nextMark = N / 4;
  const t1 = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    lines += (dec.decode(value).match(/\n/g) ?? []).length;
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    const rows = FORMAT === "csv" ? lines - 1 : lines;
    if (rows >= nextMark) {
      marks.push(`${rows} rows: ${mb(rss)}`);
      nextMark += N / 4;
    }
  }
  const secs = (performance.now() - t1) / 1000;
  console.log(`export (${FORMAT}): ${(bytes / 1024 / 1024).toFixed(1)} MB, ${FORMAT === "json" ? "one document" : `${lines} lines`} in ${secs.toFixed(1)} s (${Math.round(N / secs)} rows/s)`);
  console.log(`RSS before export ${mb(before)}; ${marks.join("; ")}; peak ${mb(peak)} (+${mb(peak - before)})`);
  await db.$disconnect();
  await closeDriver();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
