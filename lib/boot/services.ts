// Background services started with the server, each only when the configuration asks for it.
import { jobsMode, sandboxEnabled } from "@/lib/env";

export type StartupService = { name: string; start: () => Promise<void> };

export async function startupServices(): Promise<StartupService[]> {
  const services: StartupService[] = [];
  if (sandboxEnabled()) {
    services.push({
      name: "provider sandboxes",
      start: async () => {
        const { prepareSandboxes } = await import("@/lib/integrations/sandbox/sandbox-access");
        await prepareSandboxes();
      },
    });
  }
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
