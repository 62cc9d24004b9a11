// Hub records changed (one event per committed transaction): ask every connection that pushes that
// object — except the one the changes came from — to push. The push function drains whatever is
// pending, so a backfill page of 100 records costs one fan-out and one push request per connection.
import { inngest } from "@/inngest/client";
import { recordsChanged, syncPushRequested } from "@/inngest/events";
import { connectionsPushing } from "@/lib/sync/sync-jobs";

export const syncFanOut = inngest.createFunction(
  { id: "sync-fan-out", name: "Sync: queue pushes for hub changes", retries: 3, triggers: [recordsChanged] },
  async ({ event, step }) => {
    const targets = await step.run("connections-pushing", () =>
      connectionsPushing(event.data.workspaceId, event.data.object, event.data.sourceConnectionId),
    );
    if (targets.length === 0) return { queued: 0 };
    const batch = `${event.data.changeIds[0]}:${event.data.changeIds.length}`;
    await step.sendEvent(
      "queue-pushes",
      targets.map((connectionId) =>
        syncPushRequested.create(
          { connectionId, object: event.data.object, ...(event.data.recordIds ? { recordIds: event.data.recordIds } : {}) },
          { id: `${batch}:${connectionId}` },
        ),
      ),
    );
    return { queued: targets.length };
  },
);
