// What the server does once at start, before it serves anything that needs the database: validate the
// environment, make sure local secrets exist, apply migrations, then start the embedded services the
// configuration asks for. A failure here stops the process with a clear message instead of serving a
// half-working app.
import { authSecret, databaseTarget, env, EnvError, jobsMode, masterKey, sandboxEnabled } from "@/lib/env";
import { getDriver } from "@/lib/db/driver";
import { applyMigrations, MigrationError } from "@/lib/db/migrate";

const holder = globalThis as unknown as { __switchboardBoot?: Promise<void> | undefined };

function fatal(message: string): never {
  console.error(`\n[switchboard] FATAL: ${message}\n`);
  process.exit(1);
}

async function boot(): Promise<void> {
  const started = Date.now();
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) fatal(err.message);
    throw err;
  }
  authSecret();
  masterKey();
  const target = databaseTarget();
  try {
    const res = await applyMigrations(getDriver());
    if (res.applied.length) console.info(`[switchboard] applied ${res.applied.length} migration(s): ${res.applied.join(", ")}`);
  } catch (err) {
    if (err instanceof MigrationError) fatal(`${err.message}\nThe database was left as it was before this migration. Fix the cause and start again.`);
    fatal(`could not open the database (${target.kind === "pg" ? "PostgreSQL at DATABASE_URL" : `PGlite at ${target.dir}`}): ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const service of await import("@/lib/boot/services").then((m) => m.startupServices())) {
    try {
      await service.start();
    } catch (err) {
      console.error(`[switchboard] ${service.name} failed to start:`, err);
    }
  }
  console.info(
    `[switchboard] ready in ${Date.now() - started} ms — database: ${target.kind === "pg" ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite (${target.dir})`}; ` +
      `jobs: ${jobsMode() === "embedded" ? "embedded executor" : "Inngest"}; sandboxes: ${sandboxEnabled() ? "on" : "off"}`,
  );
}

export function bootServer(): Promise<void> {
  holder.__switchboardBoot ??= boot();
  return holder.__switchboardBoot;
}
