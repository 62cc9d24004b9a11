// The address of the person or API client behind the request being served, for the audit trail. Read
// from the request scope (server actions, route handlers); outside one (jobs, scripts, tests) there is none.
import { clientAddress } from "@/lib/auth/client-ip";

export async function currentRequestIp(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return clientAddress(await headers());
  } catch {
    return null; // not serving a request
  }
}
