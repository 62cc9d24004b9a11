// On PostgreSQL, test files share one database and run in parallel. Tests that assert on whole tables
// (the executor's queue, every workspace data key) get a database of their own: created here, before anything opens a connection, and dropped after the file. On PGlite
// every file already has its own in-memory database and this does nothing.
// Call at module level of a test file: `await isolateDatabase();`
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { env, resetEnvCache } from "@/lib/env";

export async function isolateDatabase(): Promise<void> {
  const base = env().DATABASE_URL;
  if (!base) return;
  const name = `sb_isolated_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  resetEnvCache();
  afterAll(async () => {
    const { disconnectPrisma } = await import("@/lib/db/client");
    const { closeDriver } = await import("@/lib/db/driver");
    await disconnectPrisma();
    await closeDriver();
    const dropper = new pg.Client({ connectionString: base });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  });
}
