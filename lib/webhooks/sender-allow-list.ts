// A connection may restrict who sends it webhooks to a list of CIDRs. The sender is the socket peer (or,
// behind TRUSTED_PROXY_HOPS proxies, the address those proxies recorded), never a header the client chose.
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { PEER_HEADER } from "@/lib/http/peer-address";

/** The sender's address, or null when the request did not come through the server socket stamp. */
export function senderAddress(headers: Headers, trustedHops: number = env().TRUSTED_PROXY_HOPS): string | null {
  const peer = headers.get(PEER_HEADER)?.trim();
  if (!peer) return null;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!.replace(/^\[|\]$/g, "");
}

/** A CIDR (or a single address) as ipaddr's range; null when it is not one. */
export function parseCidr(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const v = value.trim();
  try {
    if (v.includes("/")) {
      const [addr, bits] = ipaddr.parseCIDR(v);
      return [
        addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr,
        addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? bits - 96 : bits,
      ];
    }
    const addr = ipaddr.process(v);
    return [addr, addr.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

/** True when the list is empty or the address falls in one of its ranges. */
export function senderAllowed(cidrs: readonly string[], address: string | null): boolean {
  if (cidrs.length === 0) return true;
  if (!address || !ipaddr.isValid(address)) return false;
  const addr = ipaddr.process(address);
  for (const c of cidrs) {
    const range = parseCidr(c);
    if (range && range[0].kind() === addr.kind() && addr.match(range as [typeof addr, number])) return true;
  }
  return false;
}
