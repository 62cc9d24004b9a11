import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, clientIp, rateLimitAddress } from "@/lib/auth/client-ip";
import { installPeerAddressHeader, PEER_HEADER } from "@/lib/http/peer-address";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientIp", () => {
  it("with no trusted proxy, a client-written X-Forwarded-For is ignored: the socket peer is the client", () => {
    const headers = h({ "x-forwarded-for": "1.2.3.4, 5.6.7.8", [PEER_HEADER]: "203.0.113.9" });
    expect(clientIp(headers, 0)).toBe("203.0.113.9");
    // rotating the header changes nothing
    expect(clientIp(h({ "x-forwarded-for": "9.9.9.9", [PEER_HEADER]: "203.0.113.9" }), 0)).toBe("203.0.113.9");
  });

  it("with n trusted hops, takes the address n hops left of the peer and ignores what the client prepended", () => {
    const headers = h({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2", [PEER_HEADER]: "10.0.0.1" });
    expect(clientIp(headers, 1)).toBe("10.0.0.2");
    expect(clientIp(headers, 2)).toBe("198.51.100.7");
    expect(clientIp(h({ "x-forwarded-for": "198.51.100.7", [PEER_HEADER]: "10.0.0.1" }), 5)).toBe("198.51.100.7");
  });

  it("no socket stamp: no address (the request did not come through the server's socket)", () => {
    expect(clientIp(h({ "x-forwarded-for": "1.2.3.4" }), 0)).toBeNull();
  });

  it("clientAddress (the audit trail's) keeps the whole IPv6 address, by the same trusted-hops rule", () => {
    const headers = h({ "x-forwarded-for": "6.6.6.6, 2001:db8:1:2:aaaa::1", [PEER_HEADER]: "10.0.0.1" });
    expect(clientAddress(headers, 1)).toBe("2001:db8:1:2:aaaa::1");
    expect(clientAddress(headers, 0)).toBe("10.0.0.1");
    expect(clientAddress(h({ [PEER_HEADER]: "::ffff:192.0.2.1" }), 0)).toBe("192.0.2.1");
    expect(clientAddress(h({ "x-forwarded-for": "1.2.3.4" }), 0)).toBeNull();
  });

  it("limits IPv6 per /64 and IPv4-mapped IPv6 as IPv4", () => {
    expect(rateLimitAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitAddress("2001:db8:1:2:bbbb::9")).toBe("2001:db8:1:2::/64");
    expect(rateLimitAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(rateLimitAddress("not-an-ip")).toBeNull();
  });
});

describe("installPeerAddressHeader", () => {
  it("stamps the socket address on every request, overwriting a header the client sent under that name", async () => {
    installPeerAddressHeader();
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers[PEER_HEADER]);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(seen).toEqual(["127.0.0.1"]);
  });
});
