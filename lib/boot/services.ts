// Background services started with the server, each only when the configuration asks for it. (Sandboxes
// need none: each workspace gets its own the first time it uses them.)
import { jobsMode } from "@/lib/env";

export type StartupService = { name: string; start: () => Promise<void> };

export async function startupServices(): Promise<StartupService[]> {
  const services: StartupService[] = [];
  if (jobsMode() === "embedded") {
    services.push({
      name: "embedded job executor",
      start: async () => {
        const { startEmbeddedExecutor } = await import("@/inngest/executor/start");
        // Returns at once; the executor syncs with /api/inngest once the server listens.
        startEmbeddedExecutor();
      },
    });
  }
  return services;
}
