// The client's address for rate limits. X-Forwarded-For is only as trustworthy as the proxies that
// wrote it: with TRUSTED_PROXY_HOPS=n, the address n hops to the left of the socket peer is the client,
// and anything further left (which the client itself may have written) is ignored.
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { PEER_HEADER } from "@/lib/http/peer-address";

/** IPv6 clients usually own a whole /64, so they are limited per /64; IPv4-mapped addresses as IPv4. */
export function rateLimitAddress(ip: string): string | null {
  const bare = ip.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return null;
  const addr = ipaddr.process(bare);
  if (addr.kind() === "ipv4") return addr.toString();
  return `${(addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16)).join(":")}::/64`;
}

/** Null when the request did not come through the server's socket stamp (then no per-IP limit applies). */
export function clientIp(headers: Headers, trustedHops: number = env().TRUSTED_PROXY_HOPS): string | null {
  const client = clientAddress(headers, trustedHops);
  return client === null ? null : rateLimitAddress(client);
}

/** The client's whole address (the audit trail's "from which IP"), by the same trusted-hops rule. */
export function clientAddress(headers: Headers, trustedHops: number = env().TRUSTED_PROXY_HOPS): string | null {
  const peer = headers.get(PEER_HEADER)?.trim();
  if (!peer) return null;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  const bare = chain[Math.max(0, chain.length - 1 - trustedHops)]!.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) ? ipaddr.process(bare).toString() : null;
}
