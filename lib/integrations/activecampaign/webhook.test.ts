import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { parsePhpForm } from "./form-body";
import { parseActiveCampaignEvents as parseActiveCampaignWebhook, verifyActiveCampaignWebhook } from "./webhook";

const body = [
  "type=update",
  "date_time=2024-06-01T12:00:00-05:00",
  "initiated_from=admin",
  "initiated_by=admin",
  "list=0",
  "contact[id]=42",
  "contact[email]=ann%40example.com",
  "contact[first_name]=Ann",
  "contact[last_name]=Lee",
  "contact[phone]=%2B14155552671",
  "contact[tags]=vip%2C+lead",
  "contact[orgname]=Acme",
  "contact[ip]=0.0.0.0",
  "contact[fields][PLAN]=Gold",
  "contact[fields][7]=",
].join("&");

const req = (url: string) => ({ url, connectionSecret: "s3cret" });

describe("parsePhpForm", () => {
  it("nests bracketed keys and appends []", () => {
    expect(parsePhpForm("a[b][c]=1&a[d]=2&x=y&l[]=p&l[]=q")).toEqual({ a: { b: { c: "1" }, d: "2" }, x: "y", l: { "0": "p", "1": "q" } });
  });
});

describe("verifyActiveCampaignWebhook", () => {
  it("accepts the connection's secret", () => {
    expect(verifyActiveCampaignWebhook(req("https://hub.test/api/webhooks/activecampaign/c1?secret=s3cret"))).toEqual({ ok: true });
    expect(verifyActiveCampaignWebhook({ url: "https://hub.test/x?secret=s3cret", connectionSecret: null }).ok).toBe(false);
  });
  it.each([
    ["a wrong secret", "https://hub.test/x?secret=nope"],
    ["no secret", "https://hub.test/x"],
    ["a prefix of the secret", "https://hub.test/x?secret=s3cre"],
  ])("rejects %s", (_, url) => {
    const result = verifyActiveCampaignWebhook(req(url));
    const err = result.ok ? null : result.error;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect((err as AppError).message).not.toContain("s3cret");
  });
});

describe("parseActiveCampaignEvents", () => {
  it("turns an update into a contact change with raw fields", () => {
    const [event, ...rest] = parseActiveCampaignWebhook(body);
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      object: "contacts",
      action: "updated",
      externalId: "42",
      occurredAt: "2024-06-01T17:00:00.000Z",
      fields: { email: "ann@example.com", firstName: "Ann", lastName: "Lee", phone: "+14155552671", orgname: "Acme", tags: ["vip", "lead"], PLAN: "Gold", "7": null },
    });
    expect(event?.providerEventId).toMatch(/^ac_[0-9a-f]{32}$/);
  });

  it("gives the same id for a redelivery and another for a different body", () => {
    const a = parseActiveCampaignWebhook(body)[0]?.providerEventId;
    const b = parseActiveCampaignWebhook(body)[0]?.providerEventId;
    const c = parseActiveCampaignWebhook(body.replace("Lee", "Li"))[0]?.providerEventId;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("reports consent only for the configured consent list", () => {
    const unsub = body.replace("type=update", "type=unsubscribe").replace("list=0", "list=3");
    expect(parseActiveCampaignWebhook(unsub, { listId: "3" })[0]?.fields?.listStatus).toBe("2");
    expect(parseActiveCampaignWebhook(unsub.replace("type=unsubscribe", "type=subscribe"), { listId: "3" })[0]?.fields?.listStatus).toBe("1");
    expect(parseActiveCampaignWebhook(unsub, { listId: "4" })[0]?.fields).not.toHaveProperty("listStatus");
    expect(parseActiveCampaignWebhook(unsub)[0]?.fields).not.toHaveProperty("listStatus");
  });

  it("ignores events Switchboard does not sync", () => {
    expect(parseActiveCampaignWebhook(body.replace("type=update", "type=open"))).toEqual([]);
  });

  it("rejects a body that is not a contact event", () => {
    expect(() => parseActiveCampaignWebhook("type=update")).toThrow(AppError);
  });
});
