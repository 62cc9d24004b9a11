import { defineConfig } from "@playwright/test";

// e2e runs against `npm start` (a production build) on its own port with its own fresh data folder,
// in Debian's Chromium (Playwright's own browser download is not available on these machines).
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? ".data-e2e";
// E2E_BASE_URL runs the specs against a server you started yourself (e.g. `npm run dev`).
const external = process.env.E2E_BASE_URL;
// A receiver the specs start for outbound webhooks (e2e/api.spec.ts); the server may deliver to it.
export const E2E_HOOK_PORT = Number(process.env.E2E_HOOK_PORT ?? port + 200);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: external ?? `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  ...(external
    ? {}
    : {
        webServer: {
          command: `rm -rf ${dataDir} && node scripts/start.mjs`,
          url: `http://localhost:${port}/api/health`,
          timeout: 240_000,
          reuseExistingServer: false,
          stdout: "pipe",
          stderr: "pipe",
          env: { PORT: String(port), DATA_DIR: dataDir, EXECUTOR_BACKOFF_SCALE: "0.01", APP_URL: `http://localhost:${port}`, DATABASE_URL: "", OUTBOUND_WEBHOOK_ALLOWED_ORIGINS: `http://127.0.0.1:${E2E_HOOK_PORT}` },
        },
      }),
});
