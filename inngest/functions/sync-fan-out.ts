// A hub record changed: ask every connection that pushes that object — except the one the change came
// from — to push. The push function drains whatever is pending, so many changes cost few runs.
import { inngest } from "@/inngest/client";
import { recordChanged, syncPushRequested } from "@/inngest/events";
import { connectionsPushing } from "@/lib/sync/sync-jobs";

export const syncFanOut = inngest.createFunction(
  { id: "sync-fan-out", name: "Sync: queue pushes for a hub change", retries: 3, triggers: [recordChanged] },
  async ({ event, step }) => {
    const targets = await step.run("connections-pushing", () => connectionsPushing(event.data.workspaceId, event.data.object, event.data.sourceConnectionId));
    if (targets.length === 0) return { queued: 0 };
    await step.sendEvent(
      "queue-pushes",
      targets.map((connectionId) => syncPushRequested.create({ connectionId, object: event.data.object }, { id: `${event.data.changeId}:${connectionId}` })),
    );
    return { queued: targets.length };
  },
);
