// Per test file: point PGlite at memory (unless DATABASE_URL selects PostgreSQL) and migrate it.
import { afterAll, beforeAll } from "vitest";

process.env.SANDBOX_ENABLED ??= "true";
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";

beforeAll(async () => {
  const { getDriver } = await import("@/lib/db/driver");
  const { applyMigrations } = await import("@/lib/db/migrate");
  await applyMigrations(getDriver());
});

afterAll(async () => {
  const { disconnectPrisma } = await import("@/lib/db/client");
  const { closeDriver } = await import("@/lib/db/driver");
  await disconnectPrisma();
  await closeDriver();
});
