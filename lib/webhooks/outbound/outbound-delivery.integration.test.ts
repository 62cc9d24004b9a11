import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestWorkspace, addTestMember } from "@/lib/testing/factories";
import { caughtAppError } from "@/lib/testing/caught-app-error";
import { createApiKey } from "@/lib/api/api-keys";
import { authenticateApiKey } from "@/lib/api/authenticate-api-key";
import { createEndpoint, rotateEndpointSecret } from "@/lib/webhooks/outbound/outbound-endpoints";
import { attemptDelivery, enqueueOutboundEvent } from "@/lib/webhooks/outbound/deliver-outbound";

type Received = { headers: IncomingHttpHeaders; body: string };
let received: Received[] = [];
let answer = 200;
let origin = "";
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString("utf8")));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.statusCode = answer;
    res.end(answer === 200 ? "thanks" : "nope");
  });
});

beforeAll(async () => {
  process.env.MASTER_KEY = randomBytes(32).toString("base64");
  resetEnvCache();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  delete process.env.MASTER_KEY;
  resetEnvCache();
});

const ssrf = () => ({ allowedOrigins: [origin] });

function verify(secret: string, r: Received): unknown {
  return new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  });
}

describe("outbound webhooks", () => {
  it("refuses private URLs (SSRF guard) and needs an admin or the webhooks:write scope", async () => {
    const ws = await createTestWorkspace();
    expect((await caughtAppError(createEndpoint(ws, { url: "http://127.0.0.1:9/hook" }))).code).toBe("SSRF_BLOCKED");
    expect((await caughtAppError(createEndpoint(ws, { url: "http://169.254.169.254/latest" }))).code).toBe("SSRF_BLOCKED");
    const member = await addTestMember(ws, "member");
    expect((await caughtAppError(createEndpoint(member, { url: `${origin}/hook` }, ssrf()))).code).toBe("FORBIDDEN");
    const { key } = await createApiKey(ws, { name: "hooks", scopes: ["webhooks:write"] });
    const principal = await authenticateApiKey(new Request("http://x/", { headers: { authorization: `Bearer ${key}` } }));
    const made = await createEndpoint(principal, { url: `${origin}/hook`, eventTypes: ["contact.created"] }, ssrf());
    expect(made.secret).toMatch(/^whsec_/);
    const row = await db.outboundEndpoint.findUniqueOrThrow({ where: { id: made.endpoint.id } });
    expect(row.secretSealed).not.toContain(made.secret.slice(6));
  });

  it("delivers signed events that the standardwebhooks library verifies, filters by type, logs attempts, and signs with both secrets during a rotation", async () => {
    const ws = await createTestWorkspace();
    const { endpoint, secret } = await createEndpoint(ws, { url: `${origin}/hook`, eventTypes: ["contact.created"] }, ssrf());
    const other = await createEndpoint(ws, { url: `${origin}/orders`, eventTypes: ["order.updated"] }, ssrf());
    received = [];
    const ids = await enqueueOutboundEvent(ws.workspace.id, "contact.created", "msg_1", { id: "rec_1", fields: { firstName: "Ada" } });
    expect(ids).toHaveLength(1);
    expect(await enqueueOutboundEvent(ws.workspace.id, "contact.created", "msg_1", { id: "rec_1" })).toEqual([]); // same message: no second row
    const out = await attemptDelivery(ids[0]!, { ssrf: ssrf() });
    expect(out.delivered).toBe(true);
    expect(received).toHaveLength(1);
    expect(verify(secret, received[0]!)).toMatchObject({ type: "contact.created", data: { id: "rec_1", fields: { firstName: "Ada" } } });
    expect(() => verify(other.secret, received[0]!)).toThrow();
    const attempts = await db.outboundAttempt.findMany({ where: { deliveryId: ids[0]! } });
    expect(attempts).toMatchObject([{ attempt: 1, responseStatus: 200, responseExcerpt: "thanks" }]);

    const rotated = await rotateEndpointSecret(ws, endpoint.id);
    received = [];
    const [next] = await enqueueOutboundEvent(ws.workspace.id, "contact.created", "msg_2", { id: "rec_2" });
    await attemptDelivery(next!, { ssrf: ssrf() });
    expect(String(received[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(rotated.secret, received[0]!)).toMatchObject({ data: { id: "rec_2" } });
    expect(verify(secret, received[0]!)).toMatchObject({ data: { id: "rec_2" } }); // the old secret still verifies in the overlap
    received = [];
    const [late] = await enqueueOutboundEvent(ws.workspace.id, "contact.created", "msg_3", { id: "rec_3" });
    await attemptDelivery(late!, { ssrf: ssrf(), now: new Date(Date.now() + 25 * 3600_000) });
    // after the overlap only the new secret signs (one signature; verify() would refuse the future timestamp)
    expect(String(received[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(String(received.length)).toBe("1");
  });

  it("logs failures and disables an endpoint that has failed for 5 days", async () => {
    const ws = await createTestWorkspace();
    const { endpoint } = await createEndpoint(ws, { url: `${origin}/hook` }, ssrf());
    answer = 500;
    try {
      const [id] = await enqueueOutboundEvent(ws.workspace.id, "contact.updated", "msg_f", { id: "r" });
      const t0 = new Date();
      const first = await attemptDelivery(id!, { ssrf: ssrf(), now: t0 });
      expect(first).toMatchObject({ delivered: false, status: 500, endpointDisabled: false });
      const later = await attemptDelivery(id!, { ssrf: ssrf(), now: new Date(t0.getTime() + 5 * 24 * 3600_000 + 1000) });
      expect(later.endpointDisabled).toBe(true);
      const ep = await db.outboundEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(ep.enabled).toBe(false);
      expect(ep.disabledReason).toMatch(/5 days/);
      // the admins hear about it once (local mailbox: no SMTP_URL in tests)
      const mails = await db.mailMessage.findMany({ where: { recipient: ws.user.email, subject: { contains: "Webhook endpoint disabled" } } });
      expect(mails).toHaveLength(1);
      expect(mails[0]?.text).toContain(`/w/${ws.workspace.slug}/settings/webhooks`);
      expect(await db.outboundAttempt.count({ where: { deliveryId: id! } })).toBe(2);
      expect((await attemptDelivery(id!, { ssrf: ssrf() })).endpointDisabled).toBe(true);
    } finally {
      answer = 200;
    }
  });
});
