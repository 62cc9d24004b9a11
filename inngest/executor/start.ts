// Starting and stopping the one embedded executor of this process. The server calls
// startEmbeddedExecutor() from instrumentation.ts (Node runtime, after migrations, embedded mode only);
// it returns at once and syncs in the background, because the server is not listening yet.
import { getDriver } from "@/lib/db/driver";
import { appUrl, embeddedExecutorSigningKey, env } from "@/lib/env";
import { defaultBackoff } from "@/inngest/executor/backoff";
import { EmbeddedExecutor, type EmbeddedExecutorOptions } from "@/inngest/executor/embedded-executor";
import type { SyncResult } from "@/inngest/executor/sync-app";
import { httpTransport } from "@/inngest/executor/transport";

// On globalThis: Next may evaluate this module twice, and there must be one loop per process.
type RunningExecutor = { executor: EmbeddedExecutor; ready: Promise<SyncResult | undefined>; synced?: SyncResult | undefined };
const holder = globalThis as unknown as { __switchboardExecutor?: RunningExecutor | undefined };

export function startEmbeddedExecutor(options: Partial<EmbeddedExecutorOptions> = {}): RunningExecutor {
  if (holder.__switchboardExecutor) return holder.__switchboardExecutor;
  const scale = env().EXECUTOR_BACKOFF_SCALE;
  const executor = new EmbeddedExecutor({
    serveUrl: `${appUrl()}/api/inngest`,
    transport: httpTransport(),
    signingKey: embeddedExecutorSigningKey(),
    // PGlite allows one process per database, so leases left in it belong to a dead process.
    releaseLeasesOnStart: getDriver().kind === "pglite",
    ...(scale === 1 ? {} : { backoff: (attempt: number) => Math.round(defaultBackoff(attempt) * scale) }),
    ...options,
  });
  const ready = executor.start().catch((err: unknown) => {
    executor.ctx.log.error("embedded executor failed to start", err);
    return undefined;
  });
  const running: RunningExecutor = { executor, ready };
  void ready.then((result) => {
    running.synced = result;
  });
  holder.__switchboardExecutor = running;
  return running;
}

export async function stopEmbeddedExecutor(): Promise<void> {
  const running = holder.__switchboardExecutor;
  holder.__switchboardExecutor = undefined;
  await running?.executor.stop();
}

export function runningEmbeddedExecutor(): EmbeddedExecutor | undefined {
  return holder.__switchboardExecutor?.executor;
}

/** For the health endpoint: is the executor running in this process, and has it synced the app? */
export function embeddedExecutorStatus(): { running: boolean; synced: boolean; functions: number } {
  const running = holder.__switchboardExecutor;
  return { running: !!running, synced: !!running?.synced, functions: running?.synced?.functions.length ?? 0 };
}
