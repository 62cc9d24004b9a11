import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { parseKeycrmEvents as parseKeycrmWebhook, verifyKeycrmWebhook } from "./webhook";

const req = (url: string) => ({ url, connectionSecret: "abc123" });

describe("verifyKeycrmWebhook", () => {
  it("accepts the connection's URL secret and rejects others", () => {
    expect(verifyKeycrmWebhook(req("https://hub.test/api/webhooks/keycrm/c1?secret=abc123"))).toEqual({ ok: true });
    for (const url of ["https://hub.test/x?secret=abc12", "https://hub.test/x", "https://hub.test/x?secret="]) {
      const r = verifyKeycrmWebhook(req(url));
      expect(r.ok ? null : r.error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
    }
  });
});

describe("parseKeycrmWebhook", () => {
  const body = JSON.stringify({
    event: "order.change_order_status",
    context: {
      id: 12345,
      status_id: 4,
      source_uuid: "A-1001",
      source_id: 5,
      client_id: 5678,
      grand_total: 450.0,
      created_at: "2025-08-26T10:00:00Z",
      updated_at: "2025-08-26T11:00:00Z",
    },
  });

  it("maps an order status change to an order change with the context's fields", () => {
    const [e] = parseKeycrmWebhook(body);
    expect(e).toMatchObject({
      object: "orders", action: "updated", externalId: "12345", occurredAt: "2025-08-26T11:00:00.000Z",
      fields: { status_id: 4, source_uuid: "A-1001", grand_total: 450, updated_at: "2025-08-26T11:00:00.000Z" },
    });
    expect(e?.fields).not.toHaveProperty("id");
    expect(e?.providerEventId).toMatch(/^order\.change_order_status:12345:[0-9a-f]{24}$/);
  });

  it("maps payment events; pipeline-card (lead) and unknown events give no change", () => {
    expect(parseKeycrmWebhook(JSON.stringify({ event: "order.change_payment_status", context: { id: 1, payment_status: "paid" } }))[0]).toMatchObject({
      object: "orders",
      action: "updated",
      fields: { payment_status: "paid" },
    });
    expect(parseKeycrmWebhook(JSON.stringify({ event: "lead.change_lead_status", context: { id: 9, pipeline_id: 1, status_id: 3 } }))).toEqual([]);
    expect(parseKeycrmWebhook(JSON.stringify({ event: "something.else", context: { id: 1 } }))).toEqual([]);
  });

  it("rejects malformed bodies", () => {
    expect(() => parseKeycrmWebhook("event=x")).toThrow(AppError);
    expect(() => parseKeycrmWebhook(JSON.stringify({ event: "order.change_order_status" }))).toThrow(AppError);
  });
});
