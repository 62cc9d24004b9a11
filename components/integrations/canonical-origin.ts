// OAuth only completes on APP_URL's host: the provider redirects there, and the session cookie belongs
// to the host the person signed in on. A page that starts OAuth asks this first; when the browser is on
// another host (127.0.0.1 vs localhost, an IP vs a domain) it sends the person to the canonical URL
// instead of letting them finish consent and land "signed out".
import { headers } from "next/headers";
import { appUrl } from "@/lib/env";

/** The same page on APP_URL when the browser is on another host, else null. */
export async function canonicalUrlIfElsewhere(path: string): Promise<string | null> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  const canonical = new URL(appUrl());
  if (!host || host.toLowerCase() === canonical.host.toLowerCase()) return null;
  return new URL(path, canonical).toString();
}
