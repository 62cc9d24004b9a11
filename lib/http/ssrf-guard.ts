// SSRF guard for outbound requests: only public unicast addresses may be reached, checked after DNS
// resolution (every address a name resolves to) and again on every redirect. The connection is then
// pinned to the checked address (see http-client.ts), so a second DNS answer cannot swap in a private
// one. Origins on the explicit allow-list (the sandboxes on the app's own origin, only when
// sandboxEnabled()) skip the address check.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors/app-error";

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Cloud metadata endpoints, named so the refusal says why (most are also link-local or private). */
const METADATA = new Set(["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "192.0.0.192"]);

/** IPv6 ranges ipaddr.js calls "unicast" that must not be reached anyway. */
const IPV6_REFUSED: [ipaddr.IPv6, number, string][] = [
  // IPv4-compatible addresses (deprecated by RFC 4291): [::127.0.0.1] is written [::7f00:1] by the URL parser
  [ipaddr.IPv6.parse("::"), 96, "ipv4Compatible"],
  // the 6bone test network (returned by RFC 3701)
  [ipaddr.IPv6.parse("3ffe::"), 16, "deprecated6bone"],
];
/** Only 2000::/3 is allocated as global unicast; anything else is reserved, deprecated or special. */
const IPV6_GLOBAL = ipaddr.IPv6.parse("2000::");

/** Why an address may not be reached, or null when it is a public unicast address. */
export function blockedReason(raw: string): string | null {
  // IPv6 in the WHATWG URL parser's canonical form first: ipaddr.js reads "::8.8.8.8" as ::ffff:8.8.8.8,
  // while a URL (and the socket) means ::808:808.
  let ip = raw;
  if (raw.includes(":")) {
    try {
      ip = new URL(`http://[${raw.replace(/^\[|\]$/g, "")}]/`).hostname.slice(1, -1);
    } catch {
      return "invalid address";
    }
  }
  if (!ipaddr.isValid(ip)) return "invalid address";
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv6" && parsed.range() === "unicast") {
    const v6 = parsed as ipaddr.IPv6;
    for (const [net, bits, name] of IPV6_REFUSED) if (v6.match(net, bits)) return name;
    if (!v6.match(IPV6_GLOBAL, 3)) return "reserved";
  }
  const addr = ipaddr.process(ip); // unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1)
  const normalized = addr.toString();
  if (METADATA.has(normalized)) return "metadata";
  const range = addr.range();
  // Everything that is not plain global unicast is refused: private, loopback, linkLocal,
  // carrierGradeNat, multicast, unspecified, broadcast, reserved, uniqueLocal, 6to4/teredo/NAT64
  // (which can embed a private IPv4), benchmarking, documentation ranges.
  return range === "unicast" ? null : range;
}

export type SsrfPolicy = {
  /**
   * URL prefixes that may be reached whatever their address: an origin (scheme://host:port), or an
   * origin with a path ("http://127.0.0.1:3000/sandbox/"), which then allows only paths under it.
   */
  allowedOrigins?: readonly string[];
  resolver?: Resolver;
};

export type GuardedTarget =
  | { kind: "allow-listed" }
  | { kind: "pinned"; address: string; family: 4 | 6 };

function blocked(url: URL, reason: string, address?: string): AppError {
  return new AppError("SSRF_BLOCKED", `Refusing to connect to ${url.hostname}: the address is not a public one (${reason}).`, {
    host: url.hostname,
    reason,
    ...(address ? { address } : {}),
  });
}

export function isAllowedOrigin(url: URL, allowedOrigins: readonly string[] = []): boolean {
  return allowedOrigins.some((o) => {
    let allowed: URL;
    try {
      allowed = new URL(o);
    } catch {
      return false;
    }
    if (allowed.origin !== url.origin) return false;
    // url.pathname is already normalised by the URL parser ("/sandbox/../api" is "/api").
    const prefix = allowed.pathname.endsWith("/") ? allowed.pathname : `${allowed.pathname}/`;
    return prefix === "/" || url.pathname.startsWith(prefix);
  });
}

/**
 * Check a URL before connecting: scheme, allow-list, then every resolved address. Returns the address
 * to pin the connection to.
 */
export async function guardUrl(url: URL, policy: SsrfPolicy = {}): Promise<GuardedTarget> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw blocked(url, `scheme ${url.protocol} not allowed`);
  if (isAllowedOrigin(url, policy.allowedOrigins)) return { kind: "allow-listed" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const reason = blockedReason(host);
    if (reason) throw blocked(url, reason, host);
    return { kind: "pinned", address: host, family: isIP(host) === 6 ? 6 : 4 };
  }
  if (host === "localhost" || host.endsWith(".localhost")) throw blocked(url, "loopback");
  let addresses: ResolvedAddress[];
  try {
    addresses = await (policy.resolver ?? systemResolver)(host);
  } catch (err) {
    throw new AppError("PROVIDER_UNAVAILABLE", `Could not resolve ${host}.`, { host }, { cause: err });
  }
  if (addresses.length === 0) throw new AppError("PROVIDER_UNAVAILABLE", `Could not resolve ${host}.`, { host });
  for (const a of addresses) {
    const reason = blockedReason(a.address);
    if (reason) throw blocked(url, reason, a.address);
  }
  const first = addresses[0]!;
  return { kind: "pinned", address: first.address, family: first.family };
}
