// Per test file: an in-memory PGlite loaded from the run's migrated snapshot (unless DATABASE_URL selects
// PostgreSQL), and the migrations applied (a no-op on the snapshot).
import { afterAll, beforeAll } from "vitest";

process.env.SANDBOX_ENABLED ??= "true";
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";

beforeAll(async () => {
  const { getDriver } = await import("@/lib/db/driver");
  const { applyMigrations } = await import("@/lib/db/migrate");
  // PGlite: start from the run's migrated snapshot (built once) instead of initdb + migrations per file.
  const holder = globalThis as unknown as { __switchboardDriver?: unknown };
  if (!process.env.DATABASE_URL && process.env.TEST_PGLITE_SNAPSHOT !== "off" && !holder.__switchboardDriver) {
    const { snapshotDriver } = await import("@/lib/testing/pglite-snapshot");
    const driver = await snapshotDriver();
    if (driver) holder.__switchboardDriver = driver;
  }
  await applyMigrations(getDriver());
});

afterAll(async () => {
  const { disconnectPrisma } = await import("@/lib/db/client");
  const { closeDriver } = await import("@/lib/db/driver");
  await disconnectPrisma();
  await closeDriver();
});
