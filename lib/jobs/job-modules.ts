// The job runner (inngest/) sits above lib: lib sends events through it, imported lazily so lib stays
// importable without it (next build, unit tests). Loaded once per process: a dynamic import() of an
// already loaded module is not free (under tsx each call is a round trip to the loader thread, up to
// 100+ ms on a busy machine), and senders call this on hot paths (every webhook ack, every record write).
import type * as ClientModule from "@/inngest/client";
import type * as EventsModule from "@/inngest/events";

export type JobModules = typeof ClientModule & typeof EventsModule;

let loading: Promise<JobModules> | undefined;

export function loadJobModules(): Promise<JobModules> {
  if (!loading) {
    loading = Promise.all([import("@/inngest/client"), import("@/inngest/events")]).then(([client, events]) => ({ ...client, ...events }));
    loading.catch(() => (loading = undefined)); // a failed load is tried again by the next caller
  }
  return loading;
}
