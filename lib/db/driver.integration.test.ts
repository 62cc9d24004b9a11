// The embedded database's files are private to the user running Switchboard.
import { readdirSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authSecret, dataDir, resetEnvCache } from "@/lib/env";
import { openDriver, shutDriver } from "@/lib/db/driver";

function modes(dir: string): { path: string; mode: number; dir: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    const entry = { path: full, mode: statSync(full).mode & 0o777, dir: e.isDirectory() };
    return e.isDirectory() ? [entry, ...modes(full)] : [entry];
  });
}

describe("PGlite file modes", () => {
  it("keeps DATA_DIR and the database folder 0700 and every database file 0600", async () => {
    const dir = path.join(dataDir(), `pglite-${randomBytes(4).toString("hex")}`);
    const driver = openDriver({ kind: "pglite", dir });
    if (driver.kind !== "pglite") throw new Error("expected PGlite");
    await driver.pglite.waitReady;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(dataDir()).mode & 0o777).toBe(0o700);
    const opened = modes(dir);
    expect(opened.filter((e) => !e.dir).length).toBeGreaterThan(100);
    expect(opened.filter((e) => !e.dir && e.mode !== 0o600).map((e) => e.path)).toEqual([]);
    expect(opened.filter((e) => e.dir && e.mode !== 0o700).map((e) => e.path)).toEqual([]);

    // Files PGlite creates later (a new table, its WAL) are tightened when it closes.
    await driver.pglite.exec("CREATE TABLE secret_stuff (hash text); INSERT INTO secret_stuff VALUES ('argon2id…')");
    await shutDriver(driver);
    expect(
      modes(dir)
        .filter((e) => (e.dir ? e.mode !== 0o700 : e.mode !== 0o600))
        .map((e) => e.path),
    ).toEqual([]);
  });

  it("writes generated secrets 0600", () => {
    const before = process.env.AUTH_SECRET;
    delete process.env.AUTH_SECRET;
    resetEnvCache();
    try {
      authSecret();
      expect(statSync(path.join(dataDir(), "auth-secret")).mode & 0o777).toBe(0o600);
    } finally {
      if (before !== undefined) process.env.AUTH_SECRET = before;
      resetEnvCache();
    }
  });
});
