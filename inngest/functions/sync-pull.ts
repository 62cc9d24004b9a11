// Pull one connection's object: one step per page, the checkpoint saved with each page's writes, never
// two pulls of the same connection and object at once (singleton + a database check in beginPull).
import { NonRetriableError, RetryAfterError } from "inngest";
import { inngest } from "@/inngest/client";
import { syncPullRequested } from "@/inngest/events";
import { beginPull, endPull, pullStep } from "@/lib/sync/sync-jobs";
import { retryAfterMs, syncErrorClass } from "@/lib/sync/sync-error-class";

const MAX_PAGES_PER_RUN = 2000;

export const syncPull = inngest.createFunction(
  {
    id: "sync-pull",
    name: "Sync: pull a connection's object",
    retries: 5,
    singleton: { key: "event.data.connectionId + ':' + event.data.object", mode: "skip" },
    concurrency: [{ key: "event.data.connectionId", limit: 1 }],
    triggers: [syncPullRequested],
  },
  async ({ event, step }) => {
    const { connectionId, object, mode, trigger } = event.data;
    const began = await step.run("begin", () => beginPull(connectionId, object, mode, trigger));
    if ("skipped" in began) return began;
    const run = { runId: began.runId, connectionId, object, mode: began.mode, startedAt: began.startedAt };
    let cursor: string | null = null;
    let pages = 0;
    try {
      for (; pages < MAX_PAGES_PER_RUN; pages++) {
        const page = await step.run(`page-${pages}`, async () => {
          try {
            return await pullStep({ ...run, cursor });
          } catch (err) {
            if (syncErrorClass(err) === "auth") throw new NonRetriableError(err instanceof Error ? err.message : "Authentication failed", { cause: err });
            const wait = retryAfterMs(err);
            if (wait) throw new RetryAfterError(err instanceof Error ? err.message : "Rate limited", new Date(Date.now() + wait), { cause: err });
            throw err;
          }
        });
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
    } catch (err) {
      await step.run("fail", () => endPull(run, err instanceof Error && err.cause ? err.cause : err));
      throw err;
    }
    await step.run("end", () => endPull(run));
    return { pages: pages + 1 };
  },
);
