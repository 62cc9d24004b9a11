// Master key rotation: re-wraps every workspace data key from the old master key to the new one in one
// transaction. Sealed secrets are untouched (they are sealed under the data keys).
//
//   OLD_MASTER_KEY=<base64> NEW_MASTER_KEY=<base64> npm run keys:rotate
//   npm run keys:rotate -- --old <base64> --new <base64>
//
// With the embedded database, stop the server first (PGlite allows one process per data folder). Then
// set MASTER_KEY to the new key (or write it into $DATA_DIR/master-key) and start again.
import { parseArgs } from "node:util";
import { applyMigrations } from "@/lib/db/migrate";
import { closeDriver, getDriver } from "@/lib/db/driver";
import { disconnectPrisma } from "@/lib/db/client";
import { parseMasterKey, rotateMasterKey } from "@/lib/crypto/rotate-master-key";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { old: { type: "string" }, new: { type: "string" } } });
  // This command's own parameters; the app's configuration is still read through lib/env.ts.
  const oldValue = values.old ?? process.env.OLD_MASTER_KEY;
  const newValue = values.new ?? process.env.NEW_MASTER_KEY;
  if (!oldValue || !newValue) {
    console.error("Usage: OLD_MASTER_KEY=<base64> NEW_MASTER_KEY=<base64> npm run keys:rotate  (or --old/--new)");
    process.exit(2);
  }
  const oldKey = parseMasterKey(oldValue, "The old master key");
  const newKey = parseMasterKey(newValue, "The new master key");
  await applyMigrations(getDriver());
  const result = await rotateMasterKey(oldKey, newKey);
  console.info(
    `Re-wrapped ${result.rewrapped} workspace data key(s) (${result.alreadyNew} already under the new key; new key id ${result.newKeyId}).\n` +
      "Now set MASTER_KEY to the new key on every instance and restart.",
  );
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : "Key rotation failed");
    process.exitCode = 1;
  })
  .finally(async () => {
    await disconnectPrisma();
    await closeDriver();
  });
