// Push one connection's pending hub changes for one object, one batch per step, never two at once for
// the same connection (provider budgets are per account). Rate limits wait for the provider's
// Retry-After; transient errors retry with backoff; an authentication failure stops and marks the connection.
import { NonRetriableError, RetryAfterError } from "inngest";
import { inngest } from "@/inngest/client";
import { syncPushRequested } from "@/inngest/events";
import { beginPush, endPush, pushStep } from "@/lib/sync/sync-jobs";
import { retryAfterMs, syncErrorClass } from "@/lib/sync/sync-error-class";

const MAX_BATCHES_PER_RUN = 200;

export const syncPush = inngest.createFunction(
  {
    id: "sync-push",
    name: "Sync: push hub changes to a connection",
    retries: 5,
    concurrency: [{ key: "event.data.connectionId", limit: 1 }],
    triggers: [syncPushRequested],
  },
  async ({ event, step }) => {
    const { connectionId, object } = event.data;
    const began = await step.run("begin", () => beginPush(connectionId, object));
    if ("skipped" in began) return began;
    const run = { runId: began.runId, connectionId, object };
    let batches = 0;
    try {
      for (; batches < MAX_BATCHES_PER_RUN; batches++) {
        const res = await step.run(`batch-${batches}`, async () => {
          try {
            return await pushStep(run);
          } catch (err) {
            const cls = syncErrorClass(err);
            if (cls === "auth") throw new NonRetriableError(err instanceof Error ? err.message : "Authentication failed", { cause: err });
            const wait = retryAfterMs(err);
            if (wait) throw new RetryAfterError(err instanceof Error ? err.message : "Rate limited", new Date(Date.now() + wait), { cause: err });
            throw err;
          }
        });
        if (res.processed === 0) break;
      }
    } catch (err) {
      await step.run("fail", () => endPush(run, err instanceof Error && err.cause ? err.cause : err));
      throw err;
    }
    await step.run("end", () => endPush(run));
    if (batches >= MAX_BATCHES_PER_RUN) await step.sendEvent("continue", syncPushRequested.create({ connectionId, object }));
    return { batches };
  },
);
