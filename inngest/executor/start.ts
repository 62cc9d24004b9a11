// Starting and stopping the one embedded executor of this process. The server calls
// startEmbeddedExecutor() from instrumentation.ts (Node runtime, after migrations, embedded mode only);
// it returns at once and syncs in the background, because the server is not listening yet.
import { getDriver } from "@/lib/db/driver";
import { appUrl, embeddedExecutorSigningKey } from "@/lib/env";
import { EmbeddedExecutor, type EmbeddedExecutorOptions } from "@/inngest/executor/embedded-executor";
import type { SyncResult } from "@/inngest/executor/sync-app";
import { httpTransport } from "@/inngest/executor/transport";

// On globalThis: Next may evaluate this module twice, and there must be one loop per process.
const holder = globalThis as unknown as {
  __switchboardExecutor?: { executor: EmbeddedExecutor; ready: Promise<SyncResult | undefined> } | undefined;
};

export function startEmbeddedExecutor(options: Partial<EmbeddedExecutorOptions> = {}): {
  executor: EmbeddedExecutor;
  ready: Promise<SyncResult | undefined>;
} {
  if (holder.__switchboardExecutor) return holder.__switchboardExecutor;
  const executor = new EmbeddedExecutor({
    serveUrl: `${appUrl()}/api/inngest`,
    transport: httpTransport(),
    signingKey: embeddedExecutorSigningKey(),
    // PGlite allows one process per database, so leases left in it belong to a dead process.
    releaseLeasesOnStart: getDriver().kind === "pglite",
    ...options,
  });
  const ready = executor.start().catch((err: unknown) => {
    executor.ctx.log.error("embedded executor failed to start", err);
    return undefined;
  });
  holder.__switchboardExecutor = { executor, ready };
  return holder.__switchboardExecutor;
}

export async function stopEmbeddedExecutor(): Promise<void> {
  const running = holder.__switchboardExecutor;
  holder.__switchboardExecutor = undefined;
  await running?.executor.stop();
}

export function runningEmbeddedExecutor(): EmbeddedExecutor | undefined {
  return holder.__switchboardExecutor?.executor;
}
