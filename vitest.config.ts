import path from "node:path";
import { defineConfig, defineProject } from "vitest/config";

// Two projects: unit tests (*.test.ts) run without a database; integration tests (*.integration.test.ts)
// get an in-memory PGlite per test file, migrated, or the PostgreSQL named by DATABASE_URL.
const alias = { "@": path.resolve(import.meta.dirname) };
const exclude = ["node_modules/**", "e2e/**", ".next/**", ".next-*/**", ".data/**", ".data-*/**"];
const shared = {
  pool: "forks" as const,
  globalSetup: ["lib/testing/global-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  env: { NODE_ENV: "test" as const },
};

export default defineConfig({
  test: {
    projects: [
      defineProject({
        resolve: { alias },
        test: {
          ...shared,
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: [...exclude, "**/*.integration.test.ts"],
          setupFiles: ["lib/testing/setup-unit.ts"],
        },
      }),
      defineProject({
        resolve: { alias },
        test: { ...shared, name: "integration", include: ["**/*.integration.test.ts"], exclude, setupFiles: ["lib/testing/setup.ts"] },
      }),
    ],
  },
});
