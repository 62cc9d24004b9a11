// Push one connection's pending hub changes for one object, one batch per step, never two at once for
// the same connection (provider budgets are per account). Provider failures by class
// (sync-step-error.ts): a rate limit sleeps for the provider's Retry-After and drains on, a transient
// failure is retried with backoff, an authentication failure stops and marks the connection.
import { inngest } from "@/inngest/client";
import { syncPushRequested } from "@/inngest/events";
import { beginPush, endPush, pushStep } from "@/lib/sync/sync-jobs";
import { isRateLimitWait, waitOrThrow } from "@/inngest/functions/sync-step-error";
import type { PushCursor } from "@/lib/sync/push-pending";

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
    let waits = 0;
    // where the run's scan has got to: each batch starts where the last one ended (lib/sync/push-pending.ts)
    let after: PushCursor | null = null;
    // the few records whose change asked for this push go first, looked up by id: a person's edit reaches
    // the provider without waiting for a scan of the connection's records (50,000 of them after a backfill)
    let only = event.data.recordIds?.length ? event.data.recordIds : undefined;
    try {
      // n counts steps: after a rate-limit wait the next step drains what is still pending
      for (let n = 0; batches < MAX_BATCHES_PER_RUN; n++) {
        const res = await step.run(`batch-${n}`, async () => {
          try {
            return await pushStep({ ...run, after, ...(only ? { only } : {}) });
          } catch (err) {
            return waitOrThrow(err, waits);
          }
        });
        if (isRateLimitWait(res)) {
          waits++;
          await step.sleep(`rate-limit-${n}`, res.rateLimitedForMs);
          continue;
        }
        batches++;
        if (only) {
          only = undefined; // then the scan for everything else pending, from the start
          continue;
        }
        after = res.after;
        if (res.processed === 0) break;
      }
    } catch (err) {
      await step.run("fail", () => endPush(run, err instanceof Error && err.cause ? err.cause : err));
      throw err;
    }
    await step.run("end", () => endPush(run));
    if (batches >= MAX_BATCHES_PER_RUN) await step.sendEvent("continue", syncPushRequested.create({ connectionId, object }));
    return { batches, rateLimitWaits: waits };
  },
);
