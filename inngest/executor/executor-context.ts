// What every executor operation needs: the clock, the retry backoff, and how to wake the scheduler
// loop. The running executor registers its context on globalThis so that events sent in-process
// (inngest.send() in a route handler or a step) are stamped with the same clock.
import type { Prisma } from "@/lib/generated/prisma/client";
import { defaultBackoff, type Backoff } from "@/inngest/executor/backoff";
import { systemClock, type Clock } from "@/inngest/executor/clock";

export type Tx = Prisma.TransactionClient;

export type ExecutorLog = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
};

export const consoleLog: ExecutorLog = {
  info: (m) => console.info(`[executor] ${m}`),
  warn: (m) => console.warn(`[executor] ${m}`),
  error: (m, err) => console.error(`[executor] ${m}`, err ?? ""),
};

export type ExecutorContext = {
  clock: Clock;
  backoff: Backoff;
  log: ExecutorLog;
  /** Called after work was enqueued, so a sleeping loop picks it up at once. */
  wake(): void;
};

const holder = globalThis as unknown as { __switchboardExecutorContext?: ExecutorContext | undefined };

export function setCurrentContext(ctx: ExecutorContext | undefined): void {
  holder.__switchboardExecutorContext = ctx;
}

const defaultContext: ExecutorContext = { clock: systemClock, backoff: defaultBackoff, log: consoleLog, wake: () => undefined };

/**
 * The running executor's context, or the default one when no executor runs in this process (always the
 * same object: concurrent sends are grouped per context, see ingest-queue.ts).
 */
export function currentContext(): ExecutorContext {
  return holder.__switchboardExecutorContext ?? defaultContext;
}
