// Prisma CLI configuration. Only `prisma generate` is used here (see docs/decisions/002);
// migrations are created by scripts/create-migration.ts and applied at start-up by lib/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
});
