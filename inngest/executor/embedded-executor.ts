// The scheduler: syncs the app, then loops claiming due queue items and processing them (SDK calls and
// timers), several at a time. State lives in the database only, so a new process picks up where a
// killed one stopped. Tests drive it with drain() and a manual clock instead of start().
import type { ExecutorQueueItem } from "@/lib/generated/prisma/client";
import { defaultBackoff, type Backoff } from "@/inngest/executor/backoff";
import { systemClock, type Clock } from "@/inngest/executor/clock";
import { executeCall } from "@/inngest/executor/execute-call";
import { foregroundGap } from "@/lib/jobs/foreground";
import { consoleLog, setCurrentContext, type ExecutorContext, type ExecutorLog } from "@/inngest/executor/executor-context";
import type { IncomingEvent } from "@/inngest/executor/ingest-events";
import { submitEvents } from "@/inngest/executor/ingest-queue";
import { claimDue, nextDueAt, releaseAllLeases, renewLeases } from "@/inngest/executor/queue";
import { syncApp, type SyncResult } from "@/inngest/executor/sync-app";
import { processTimer } from "@/inngest/executor/timers";
import type { Transport } from "@/inngest/executor/transport";

export type EmbeddedExecutorOptions = {
  /** The serve endpoint, e.g. http://localhost:3000/api/inngest */
  serveUrl: string;
  transport: Transport;
  /** When set, requests are signed and response signatures verified (the serve route must use the same key). */
  signingKey?: string | undefined;
  clock?: Clock;
  backoff?: Backoff;
  log?: ExecutorLog;
  /** How long a claimed item is reserved for this process; renewed while its request runs. */
  leaseMs?: number;
  /** Longest idle sleep of the loop between checks for due work. */
  pollMs?: number;
  /** SDK calls and timers processed at the same time. */
  maxInFlight?: number;
  /** Drop every lease at start: only when no other process shares the database (PGlite). */
  releaseLeasesOnStart?: boolean;
};

export class EmbeddedExecutor {
  readonly ctx: ExecutorContext;
  private readonly opts: Required<Omit<EmbeddedExecutorOptions, "signingKey" | "clock" | "backoff" | "log">> & {
    signingKey: string | undefined;
  };
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly inFlight = new Map<string, Promise<void>>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** resolves when stop() is called (a new one per start()) */
  private stopped: Promise<void> = new Promise(() => undefined);
  private signalStopped: () => void = () => undefined;

  constructor(options: EmbeddedExecutorOptions) {
    this.opts = {
      serveUrl: options.serveUrl,
      transport: options.transport,
      signingKey: options.signingKey,
      leaseMs: options.leaseMs ?? 60_000,
      pollMs: options.pollMs ?? 1_000,
      maxInFlight: options.maxInFlight ?? 8,
      releaseLeasesOnStart: options.releaseLeasesOnStart ?? false,
    };
    this.ctx = {
      clock: options.clock ?? systemClock,
      backoff: options.backoff ?? defaultBackoff,
      log: options.log ?? consoleLog,
      wake: () => this.wakeUp?.(),
    };
  }

  /** Registers this executor's context for in-process event sends (inngest.send()). */
  activate(): this {
    setCurrentContext(this.ctx);
    return this;
  }

  sync(): Promise<SyncResult> {
    return syncApp({ ctx: this.ctx, transport: this.opts.transport, signingKey: this.opts.signingKey, serveUrl: this.opts.serveUrl });
  }

  /** Sends events straight into the executor (what POST /e/<key> does); resolves once they are stored. */
  send(events: IncomingEvent | IncomingEvent[]): Promise<string[]> {
    return submitEvents(this.ctx, Array.isArray(events) ? events : [events]);
  }

  /** Claims what is due now and processes it; returns how many items were processed. */
  async tick(): Promise<number> {
    const items = await claimDue(this.ctx, this.opts.maxInFlight, this.opts.leaseMs);
    await Promise.all(items.map((item) => this.process(item)));
    return items.length;
  }

  /** Processes due work until nothing is due at the current clock time (for tests and scripts). */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      if ((await this.tick()) === 0) return;
    }
    throw new Error(`executor did not become idle after ${maxRounds} rounds`);
  }

  /** Syncs once the serve endpoint answers (retrying with a short backoff), then runs the loop. */
  async start(syncOptions: { attempts?: number; delayMs?: number } = {}): Promise<SyncResult | undefined> {
    if (this.running) return undefined;
    this.running = true;
    this.stopped = new Promise((resolve) => (this.signalStopped = resolve));
    this.activate();
    if (this.opts.releaseLeasesOnStart) {
      const n = await releaseAllLeases();
      if (n > 0) this.ctx.log.warn(`released ${n} lease(s) left by a previous process; those steps run again (at-least-once)`);
    }
    let synced: SyncResult | undefined;
    const attempts = syncOptions.attempts ?? 120;
    for (let i = 0; this.running && i < attempts; i++) {
      try {
        synced = await this.sync();
        break;
      } catch (err) {
        if (i === attempts - 1) this.ctx.log.error(`sync with ${this.opts.serveUrl} failed; running with the last synced functions`, err);
        await sleep(Math.min((syncOptions.delayMs ?? 250) * 2 ** Math.min(i, 3), 2_000));
      }
    }
    this.heartbeat = setInterval(
      () => {
        renewLeases(this.ctx, [...this.inFlight.keys()], this.opts.leaseMs).catch((err: unknown) =>
          this.ctx.log.error("lease renewal failed", err),
        );
      },
      Math.max(this.opts.leaseMs / 3, 100),
    );
    this.heartbeat.unref?.();
    this.loopDone = this.loop();
    return synced;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signalStopped();
    this.wakeUp?.();
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.loopDone;
    await Promise.allSettled([...this.inFlight.values()]);
    setCurrentContext(undefined);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        const free = this.opts.maxInFlight - this.inFlight.size;
        if (free > 0) {
          // A claim is a transaction too: like the calls it leases (which wait for a gap anyway), it waits
          // for a gap in webhook requests or its turn among overdue work (lib/jobs/foreground.ts), so a
          // steady stream of requests is not held up by a claim every poll.
          const turn = await this.gapOrStop();
          if (!turn) break;
          let items: ExecutorQueueItem[];
          try {
            items = await claimDue(this.ctx, free, this.opts.leaseMs);
          } finally {
            turn();
          }
          claimed = items.length;
          for (const item of items) {
            const p = this.process(item).finally(() => {
              this.inFlight.delete(item.id);
              this.wakeUp?.();
            });
            this.inFlight.set(item.id, p);
          }
        }
      } catch (err) {
        this.ctx.log.error("claiming due work failed", err);
      }
      if (claimed > 0 && this.inFlight.size < this.opts.maxInFlight) continue;
      let waitMs = this.opts.pollMs;
      if (this.inFlight.size < this.opts.maxInFlight) {
        const due = await nextDueAt().catch(() => undefined);
        if (due !== undefined) waitMs = Math.max(0, Math.min(waitMs, due - this.ctx.clock()));
      }
      if (waitMs > 0) await this.idle(waitMs);
    }
  }

  /** foregroundGap(), or null once stop() is called first (the gap's turn is then given back when it comes). */
  private async gapOrStop(): Promise<(() => void) | null> {
    const gap = foregroundGap();
    const turn = await Promise.race([gap, this.stopped.then(() => null)]);
    if (!turn) void gap.then((release) => release());
    return turn;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async process(item: ExecutorQueueItem): Promise<void> {
    try {
      if (item.kind === "call") {
        const deps = { ctx: this.ctx, transport: this.opts.transport, signingKey: this.opts.signingKey };
        let next: ExecutorQueueItem | undefined = item;
        while (next) {
          const current: ExecutorQueueItem = next;
          if (current.id !== item.id) this.inFlight.set(current.id, this.inFlight.get(item.id) ?? Promise.resolve());
          // answers to webhook deliveries in flight go first (same process, same database connection)
          const done = await foregroundGap();
          try {
            next = await executeCall(deps, current, this.opts.leaseMs);
          } finally {
            done();
          }
          if (current.id !== item.id) this.inFlight.delete(current.id);
          if (!this.running && this.loopDone) break;
        }
      } else {
        // a timer's transaction (a batch flushed into a run, a cron tick) waits for a gap as a call does
        const done = await foregroundGap();
        try {
          await processTimer(this.ctx, item);
        } finally {
          done();
        }
      }
    } catch (err) {
      // The lease expires and the item runs again; nothing is lost.
      this.ctx.log.error(`processing ${item.kind} ${item.id} (run ${item.runId ?? "-"}) failed; it will be retried`, err);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
