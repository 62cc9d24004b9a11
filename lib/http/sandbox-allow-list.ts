// The sandboxes live on the app's own origin (usually loopback), which the SSRF guard refuses. They are
// reachable only through this allow-list, which is empty unless sandboxEnabled() (off in production).
import { appUrl, sandboxEnabled } from "@/lib/env";

export function sandboxAllowedOrigins(): string[] {
  if (!sandboxEnabled()) return [];
  return [new URL(appUrl()).origin];
}

/** Whether a URL points at the sandboxes mounted under /sandbox on an allowed origin. */
export function allowSandboxOrigin(url: string): boolean {
  try {
    const u = new URL(url);
    return sandboxAllowedOrigins().includes(u.origin) && u.pathname.startsWith("/sandbox/");
  } catch {
    return false;
  }
}
