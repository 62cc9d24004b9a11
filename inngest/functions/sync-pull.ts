// Pull one connection's object: one step per page, the checkpoint saved with each page's writes, never
// two pulls of the same connection and object at once (singleton + a database check in beginPull).
// Provider failures by class (sync-step-error.ts): a rate limit sleeps and reads the page again, a
// transient failure is retried with backoff, an authentication failure stops and marks the connection.
import { inngest } from "@/inngest/client";
import { syncPullRequested } from "@/inngest/events";
import { beginPull, endPull, pullStep } from "@/lib/sync/sync-jobs";
import { isRateLimitWait, waitOrThrow } from "@/inngest/functions/sync-step-error";

const MAX_PAGES_PER_RUN = 2000;
/** How far (seconds of waiting) a pull a person is waiting for overtakes queued background work. */
export const PERSON_WAITING_PRIORITY_S = 120;

export const syncPull = inngest.createFunction(
  {
    id: "sync-pull",
    name: "Sync: pull a connection's object",
    retries: 5,
    singleton: { key: "event.data.connectionId + ':' + event.data.object", mode: "skip" },
    concurrency: [{ key: "event.data.connectionId", limit: 1 }],
    // A connection's first backfill and a person's "Sync now" go ahead of background work (scheduled
    // pulls, webhook deliveries, pushes) that has been waiting up to two minutes: on a busy embedded
    // server another workspace's backlog must not keep a new connection's data from arriving.
    priority: { run: `event.data.trigger == "initial" || event.data.trigger == "manual" ? ${PERSON_WAITING_PRIORITY_S} : 0` },
    triggers: [syncPullRequested],
  },
  async ({ event, step }) => {
    const { connectionId, object, mode, trigger } = event.data;
    const began = await step.run("begin", () => beginPull(connectionId, object, mode, trigger));
    if ("skipped" in began) return began;
    const run = { runId: began.runId, connectionId, object, mode: began.mode, startedAt: began.startedAt };
    let cursor: string | null = null;
    let pages = 0;
    let waits = 0;
    try {
      // n counts steps: a rate-limited page is read again under the next n, after the wait
      for (let n = 0; pages < MAX_PAGES_PER_RUN; n++) {
        const page = await step.run(`page-${n}`, async () => {
          try {
            return await pullStep({ ...run, cursor });
          } catch (err) {
            return waitOrThrow(err, waits);
          }
        });
        if (isRateLimitWait(page)) {
          waits++;
          await step.sleep(`rate-limit-${n}`, page.rateLimitedForMs);
          continue;
        }
        pages++;
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
    } catch (err) {
      await step.run("fail", () => endPull(run, err instanceof Error && err.cause ? err.cause : err));
      throw err;
    }
    await step.run("end", () => endPull(run));
    return { pages, rateLimitWaits: waits };
  },
);
