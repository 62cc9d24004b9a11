// Background services started with the server, each only when the configuration asks for it.
export type StartupService = { name: string; start: () => Promise<void> };

export async function startupServices(): Promise<StartupService[]> {
  return [];
}
