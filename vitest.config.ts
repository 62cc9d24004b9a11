import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests (*.test.ts) and integration tests (*.integration.test.ts) run together. Integration tests
// use an in-memory PGlite per worker by default, or the PostgreSQL named by DATABASE_URL.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    pool: "forks",
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test" },
  },
});
