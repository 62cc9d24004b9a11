import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { basicAuthHeader, parsePipedriveWebhook, pipedriveWebhook, verifyPipedriveWebhook } from "@/lib/integrations/pipedrive/webhook";

const credentials = { user: "switchboard", password: "s3cr3t:with-colon" };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : "not-an-app-error";
  }
  return undefined;
}

describe("verifyPipedriveWebhook", () => {
  it("accepts the exact Basic credentials (scheme case-insensitive)", () => {
    const value = basicAuthHeader(credentials);
    expect(value).toBe(`Basic ${Buffer.from("switchboard:s3cr3t:with-colon").toString("base64")}`);
    expect(() => verifyPipedriveWebhook({ headers: { Authorization: value }, credentials })).not.toThrow();
    expect(() => verifyPipedriveWebhook({ headers: new Headers({ authorization: value.replace("Basic", "basic") }), credentials })).not.toThrow();
  });

  it("rejects wrong, missing, non-Basic and prefix-only credentials", () => {
    const wrong = basicAuthHeader({ ...credentials, password: "nope" });
    expect(codeOf(() => verifyPipedriveWebhook({ headers: { authorization: wrong }, credentials }))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf(() => verifyPipedriveWebhook({ headers: {}, credentials }))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(codeOf(() => verifyPipedriveWebhook({ headers: { authorization: "Bearer abc" }, credentials }))).toBe("WEBHOOK_SIGNATURE_INVALID");
    const prefix = basicAuthHeader({ user: "switchboard", password: "s3cr3t" });
    expect(codeOf(() => verifyPipedriveWebhook({ headers: { authorization: prefix }, credentials }))).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  it("refuses to verify when the connection has no credentials configured", () => {
    expect(codeOf(() => verifyPipedriveWebhook({ headers: { authorization: "Basic Og==" }, credentials: { user: "", password: "" } }))).toBe(
      "WEBHOOK_SIGNATURE_INVALID",
    );
  });
});

// the v2 person change payload from Pipedrive's webhooks v2 guide
const v2Change = {
  data: {
    add_time: "2022-11-24T13:18:55Z",
    custom_fields: { "0b3e2a1c9f8d7e6b5a4c3d2e1f0a9b8c7d6e5f4a": { type: "varchar", value: "gold" } },
    emails: [],
    first_name: "Sample Person",
    id: 8,
    label: null,
    last_name: null,
    name: "Sample Person",
    org_id: 1,
    owner_id: 12415231,
    phones: [],
    update_time: "2022-11-24T15:18:35Z",
    visible_to: "3",
  },
  previous: { first_name: "Sample", name: "Sample" },
  meta: {
    action: "change",
    company_id: "8087566",
    correlation_id: "43cb94f3-1111-2222-3333-444455556666",
    entity_id: "8",
    entity: "person",
    id: "7c812ffd-1111-2222-3333-444455556666",
    is_bulk_edit: false,
    timestamp: "2022-11-24T15:18:35.616Z",
    type: "general",
    user_id: "12415231",
    version: "2.0",
    webhook_id: "4710827",
    webhook_owner_id: "12094821",
    change_source: "app",
    attempt: 1,
    host: "pd-us.pipedrive.com",
  },
};

describe("parsePipedriveWebhook v2", () => {
  it("turns a person change into an updated persons change keyed by meta.id, with the person as a raw record", () => {
    const [change, ...rest] = parsePipedriveWebhook(v2Change);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({
      providerEventId: "7c812ffd-1111-2222-3333-444455556666",
      object: "persons",
      action: "updated",
      externalId: "8",
      occurredAt: "2022-11-24T15:18:35.616Z",
      fields: {
        first_name: "Sample Person",
        last_name: null,
        email: null,
        phone: null,
        owner_id: 12415231,
        org_id: 1,
        // webhooks type custom values as {type, value}: the value is kept
        "0b3e2a1c9f8d7e6b5a4c3d2e1f0a9b8c7d6e5f4a": "gold",
      },
      record: { externalId: "8", remoteUpdatedAt: "2022-11-24T15:18:35.000Z" },
    });
    // the organisation's name is not in the payload: left out, not cleared
    expect(change?.fields).not.toHaveProperty("org_name");
    expect(change?.fields).not.toHaveProperty("custom_fields");
  });

  it("create, delete (no fields) and merge", () => {
    expect(parsePipedriveWebhook({ ...v2Change, previous: null, meta: { ...v2Change.meta, action: "create" } })[0]?.action).toBe("created");
    const [deleted] = parsePipedriveWebhook({ data: null, previous: v2Change.data, meta: { ...v2Change.meta, action: "delete" } });
    expect(deleted).toMatchObject({ object: "persons", action: "deleted", externalId: "8" });
    expect(deleted).not.toHaveProperty("fields");
    const [merged] = parsePipedriveWebhook({ data: null, previous: v2Change.data, meta: { ...v2Change.meta, action: "delete", merged_to_id: "9" } });
    expect(merged).toMatchObject({ action: "merged", externalId: "8", mergedIntoExternalId: "9" });
  });

  it("ignores other entities", () => {
    expect(parsePipedriveWebhook({ ...v2Change, meta: { ...v2Change.meta, entity: "deal" } })).toEqual([]);
  });
});

describe("parsePipedriveWebhook v1", () => {
  const v1 = {
    v: 1,
    matches_filters: { current: [] },
    meta: { v: 1, action: "updated", object: "person", id: 8, company_id: 8087566, user_id: 12415231, host: "x.pipedrive.com", timestamp: 1669303115 },
    retry: 0,
    current: {
      id: 8,
      name: "Ann Lee",
      first_name: "Ann",
      last_name: "Lee",
      email: [{ value: "ann@example.com", primary: true, label: "work" }],
      phone: [{ value: "", primary: true }],
      owner_id: { id: 12415231, name: "Owner" },
      org_id: { value: 3, name: "Acme" },
      org_name: "Acme",
      label: 5,
      "0b3e2a1c9f8d7e6b5a4c3d2e1f0a9b8c7d6e5f4a": "gold",
    },
    previous: null,
    event: "updated.person",
  };

  it("maps updated.person with v1 field names onto the v2 keys", () => {
    const [event] = parsePipedriveWebhook(v1);
    expect(event).toMatchObject({
      object: "persons",
      action: "updated",
      externalId: "8",
      occurredAt: "2022-11-24T15:18:35.000Z",
      fields: {
        first_name: "Ann",
        last_name: "Lee",
        email: "ann@example.com",
        phone: null,
        emails: [{ value: "ann@example.com", primary: true, label: "work" }],
        phones: [],
        owner_id: 12415231,
        org_id: 3,
        org_name: "Acme",
        label_ids: [5],
        "0b3e2a1c9f8d7e6b5a4c3d2e1f0a9b8c7d6e5f4a": "gold",
      },
    });
    for (const k of ["label", "active_flag"]) expect(event?.fields).not.toHaveProperty(k);
    expect(event?.providerEventId).toMatch(/^v1:[0-9a-f]{64}$/);
  });

  it("gives a retried delivery the same event id", () => {
    expect(parsePipedriveWebhook({ ...v1, retry: 2 })[0]?.providerEventId).toBe(parsePipedriveWebhook(v1)[0]?.providerEventId);
  });

  it("rejects an unknown shape", () => {
    expect(() => parsePipedriveWebhook({ hello: "world" })).toThrow(AppError);
  });

  it("the handler parses the raw body", async () => {
    const changes = await pipedriveWebhook.parse({ rawBody: JSON.stringify(v2Change), headers: new Headers(), config: {}, metadata: {} });
    expect(changes.map((c) => [c.object, c.action, c.externalId])).toEqual([["persons", "updated", "8"]]);
    await expect(pipedriveWebhook.parse({ rawBody: "nope", headers: new Headers(), config: {}, metadata: {} })).rejects.toThrow(AppError);
  });
});
