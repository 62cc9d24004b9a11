// Next.js gives route handlers and server actions no socket address, and it fills X-Forwarded-For only
// when the client did not send one, so a client can claim any address. At boot, every incoming request
// gets the socket's peer address in a header of our own, overwriting whatever the client sent under that
// name; lib/auth/client-ip.ts combines it with X-Forwarded-For and the configured trusted proxy hops.
import http from "node:http";

export const PEER_HEADER = "x-switchboard-peer";

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const holder = globalThis as unknown as { __switchboardPeerHeader?: boolean };

export function installPeerAddressHeader(): void {
  if (holder.__switchboardPeerHeader) return;
  holder.__switchboardPeerHeader = true;
  const proto = http.Server.prototype as unknown as { emit: Emit };
  const original = proto.emit;
  proto.emit = function emit(this: http.Server, event, ...args) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    }
    return original.call(this, event, ...args);
  };
}
