// Receive -> process for GoHighLevel, Salesforce, ActiveCampaign, KeyCRM and Custom REST, each against its
// sandbox: a record edited in the sandbox's panel is delivered the provider's way (GHL Ed25519-signed to
// the app URL, Salesforce SOAP and KeyCRM JSON to the pasted URL with Switchboard's secret, ActiveCampaign
// to the URL it registered through the API, Custom REST HMAC-signed as its template says), verified,
// stored before anything is applied, applied through the sync engine; forged and re-sent deliveries add
// nothing; duplicated and out-of-order ones converge on the newest value; a processed one replays without a
// second effect; where processing reads the provider, a failing provider leaves the delivery failed and a
// replay applies it; a dropped delivery is caught by the next pull.
import { randomBytes, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { createHarness } from "@/inngest/executor/testing/harness";
import { isolateDatabase } from "@/lib/testing/isolated-database";
import { createTestWorkspace } from "@/lib/testing/factories";
import { completeOAuth } from "@/lib/connections/complete-oauth";
import { connectApiKey } from "@/lib/connections/connect-api-key";
import { webhookUrl } from "@/lib/connections/rotate-webhook-secret";
import { startOAuth } from "@/lib/connections/start-oauth";
import { updateSandboxFaults } from "@/lib/integrations/sandbox/accounts";
import { ensureWorkspaceOAuthApp } from "@/lib/integrations/sandbox/oauth-apps";
import { getSandbox } from "@/lib/integrations/sandbox/registry";
import { signCustomRestPayload } from "@/lib/integrations/custom-rest/webhook";
import { assertCustomRestTemplate } from "@/lib/integrations/custom-rest/template";
import { addPanelSubscription, getRecordForm, savePanelRecord } from "@/lib/integrations/sandbox/panel";
import { listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { TEST_USER_HEADER, type RunningServer } from "@/lib/integrations/sandbox/test-server";
import { flushSandboxWebhooks } from "@/lib/integrations/sandbox/webhook-emitter";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";
import { startAppServer } from "@/lib/webhooks/testing/app-server";
import { replayDelivery } from "@/lib/webhooks/replay-deliveries";
import { webhookSetupUrl } from "@/lib/webhooks/webhook-setup";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";

await isolateDatabase();

let app: RunningServer;
let access: WorkspaceAccess;
const h = createHarness({ client: inngest, functions });

beforeAll(async () => {
  app = await startAppServer();
  resetEnvCache();
  await h.executor.sync();
});

afterAll(async () => {
  await app.close();
  resetEnvCache();
});

/** Drive the sandbox consent screen as the browser does and finish the connection. */
async function connectOAuth(provider: string, sbx: TestSandbox): Promise<string> {
  const { authorizeUrl } = await startOAuth(access, { provider, environment: "sandbox", name: provider });
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set("decision", "allow");
  form.set("account_id", sbx.account.id);
  const res = await fetch(url, {
    method: "POST",
    body: form,
    headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: access.user.id },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  const q = (k: string) => back.searchParams.get(k);
  return (await completeOAuth(access.user, { state: q("state"), code: q("code"), error: q("error") })).connectionId;
}

type Case = {
  slug: string;
  /** the sandbox object edited in the panel, and the panel field */
  object: string;
  field: string;
  /** four distinct panel values, and what each becomes in the hub record */
  values: readonly [string, string, string, string];
  hubField: string;
  hubValue: (v: string) => unknown;
  /** the hub object the scheduled pull is asked for */
  pullObject: "contact" | "order";
  /** processing reads the record from the provider (so a failing provider fails the delivery) */
  fetches: boolean;
  /** connects, and makes the sandbox deliver to Switchboard the way a person sets the provider up */
  connect(sbx: TestSandbox): Promise<string>;
  /**
   * the provider's signature headers for a body (schemes that sign the body); absent: the secret is in
   * the URL or the Basic auth header, so the delivery's own headers still hold for another body
   */
  resign?(body: string): Promise<Record<string, string>>;
  /** the delivery re-stamped an hour ago and signed again (schemes with a timestamp); absent: none */
  stale?(delivery: { body: string; headers: Record<string, string> }): Promise<{ body: string; headers: Record<string, string> }>;
  /** a body the provider's parser refuses */
  malformed: string;
};

/** Signs like the workspace's sandbox GoHighLevel app: Ed25519 over the raw body. */
async function ghlSign(body: string): Promise<Record<string, string>> {
  const app = await ensureWorkspaceOAuthApp(getSandbox("gohighlevel")!, access.workspace.id);
  return { "x-ghl-signature": sign(null, Buffer.from(body, "utf8"), app!.signingKeys.ed25519!).toString("base64") };
}

let customRestSecret = "";
function customRestSign(body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  const settings = assertCustomRestTemplate(exampleTemplate("http://unused")).webhook!.signature;
  return { "x-timestamp": timestamp, "x-signature": signCustomRestPayload(settings, customRestSecret, body, timestamp) };
}

const cases: Case[] = [
  {
    slug: "gohighlevel",
    object: "contacts",
    field: "firstName",
    values: ["Gail", "Gary", "Gwen", "Gus"],
    hubField: "firstName",
    hubValue: (v) => v,
    pullObject: "contact",
    fetches: false,
    async connect(sbx) {
      const { id } = await connectApiKey(access, {
        provider: "gohighlevel",
        name: "GHL",
        environment: "sandbox",
        config: { locationId: sbx.account.externalId },
        credentials: { privateIntegrationToken: sbx.apiKey },
      });
      // app-level: the app's one URL, routed by location id
      await addPanelSubscription({
        workspaceId: access.workspace.id,
        accountId: sbx.account.id,
        url: `${app.origin}/api/webhooks/gohighlevel`,
        events: [],
      });
      return id;
    },
    resign: ghlSign,
    async stale(d) {
      // GHL's replay window is on the body's own `timestamp`
      const body = JSON.stringify({ ...(JSON.parse(d.body) as Record<string, unknown>), timestamp: new Date(Date.now() - 3600_000).toISOString(), webhookId: `stale-${Date.now()}` });
      return { body, headers: { ...d.headers, ...(await ghlSign(body)) } };
    },
    malformed: '{"type":"ContactUpdate","locationId":"LOCATION","firstName":"No id"}',
  },
  {
    slug: "salesforce",
    // Leads: the scheduled pull of hub contacts reads Salesforce's first contacts object (Lead)
    object: "Lead",
    field: "FirstName",
    values: ["Sal", "Sam", "Sid", "Sue"],
    hubField: "firstName",
    hubValue: (v) => v,
    pullObject: "contact",
    fetches: true,
    async connect(sbx) {
      const id = await connectOAuth("salesforce", sbx);
      const url = await webhookSetupUrl(access, id, app.origin);
      await addPanelSubscription({ workspaceId: access.workspace.id, accountId: sbx.account.id, url, events: ["Lead"] });
      return id;
    },
    malformed: '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>',
  },
  {
    slug: "activecampaign",
    object: "contacts",
    field: "firstName",
    values: ["Ada", "Abe", "Amy", "Ari"],
    hubField: "firstName",
    hubValue: (v) => v,
    pullObject: "contact",
    fetches: true,
    async connect(sbx) {
      // registered through ActiveCampaign's webhook API at connect
      const { id } = await connectApiKey(access, {
        provider: "activecampaign",
        name: "AC",
        environment: "sandbox",
        config: { accountUrl: "https://example.api-us1.com" },
        credentials: { apiToken: sbx.apiKey },
      });
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { connectionId: id } })).toMatchObject({
        registrationStatus: "registered",
      });
      return id;
    },
    malformed: "type=update&contact[first_name]=NoId",
  },
  {
    slug: "keycrm",
    object: "orders",
    field: "status_id",
    values: ["2", "3", "4", "5"],
    hubField: "status",
    // the hub's order statuses (KeyCRM's aliases mapped by the default mapping)
    hubValue: (v) => ({ "2": "processing", "3": "shipped", "4": "completed", "5": "cancelled" })[v],
    pullObject: "order",
    fetches: true,
    async connect(sbx) {
      const { id } = await connectApiKey(access, {
        provider: "keycrm",
        name: "KeyCRM",
        environment: "sandbox",
        credentials: { apiKey: sbx.apiKey },
      });
      const url = await webhookSetupUrl(access, id, app.origin);
      await addPanelSubscription({ workspaceId: access.workspace.id, accountId: sbx.account.id, url, events: [] });
      return id;
    },
    malformed: '{"event":"order.change_order_status","context":',
  },
  {
    slug: "custom-rest",
    object: "contacts",
    field: "first_name",
    values: ["Cy", "Cal", "Cleo", "Cora"],
    hubField: "firstName",
    hubValue: (v) => v,
    pullObject: "contact",
    fetches: false,
    async connect(sbx) {
      const secret = `whk_${randomBytes(12).toString("hex")}`;
      customRestSecret = secret;
      const { id } = await connectApiKey(access, {
        provider: "custom-rest",
        name: "Generic CRM",
        environment: "sandbox",
        config: { template: exampleTemplate(`${app.origin}/sandbox/custom-rest/api`) },
        credentials: { apiSecret: sbx.apiKey, webhookSecret: secret },
      });
      await addPanelSubscription({
        workspaceId: access.workspace.id,
        accountId: sbx.account.id,
        url: webhookUrl(app.origin, "custom-rest", id),
        events: [],
        secret,
      });
      return id;
    },
    resign: async (body) => customRestSign(body),
    async stale(d) {
      return { body: d.body, headers: { ...d.headers, ...customRestSign(d.body, String(Math.floor(Date.now() / 1000) - 3600)) } };
    },
    malformed: '{"event":"contact.updated","id":"evt-malformed","data":',
  },
];

for (const c of cases) {
  describe(`${c.slug}: receive -> process`, () => {
    let sbx: TestSandbox;
    let connectionId: string;
    let externalId: string;

    const inbox = () => db.webhookDelivery.findMany({ where: { connectionId }, orderBy: { receivedAt: "asc" } });
    const hub = async () => {
      const link = await db.recordLink.findFirst({ where: { connectionId, externalId } });
      return link ? db.hubRecord.findUniqueOrThrow({ where: { id: link.recordId } }) : null;
    };
    const hubValue = async () => ((await hub())?.data as Record<string, unknown> | undefined)?.[c.hubField];
    /** What the sandbox sent to Switchboard, newest last. */
    const sent = () =>
      db.sandboxWebhookDelivery.findMany({ where: { accountId: sbx.account.id, status: "sent" }, orderBy: { createdAt: "asc" } });
    /** Edit the record in the sandbox's panel, as a person would (the panel sends the webhooks at once). */
    async function edit(value: string): Promise<void> {
      const { form } = await getRecordForm(access.workspace.id, sbx.account.id, c.object, externalId);
      await savePanelRecord({
        workspaceId: access.workspace.id,
        accountId: sbx.account.id,
        objectType: c.object,
        externalId,
        values: { ...form.values, [c.field]: value },
      });
    }

    it("verified, stored before it is applied, then applied", async () => {
      // a workspace of its own: hub records of another case would be pushed to this connection
      access = await createTestWorkspace();
      sbx = await createTestSandbox(c.slug, { workspaceId: access.workspace.id, userId: access.user.id, key: `cases-${c.slug}`, count: 2 });
      connectionId = await c.connect(sbx);
      await h.advanceUntilIdle(); // the initial backfill
      externalId = (await listRecords(sbx.account.id, c.object))[0]!.externalId;
      const before = (await inbox()).length;
      await edit(c.values[0]);
      const last = (await sent()).at(-1)!;
      expect(last.responseStatus).toBe(200);
      const stored = (await inbox()).slice(before);
      expect(stored.map((r) => r.status)).toEqual(stored.map(() => "received"));
      expect(stored.some((r) => r.rawBody === last.body)).toBe(true);
      await h.advanceUntilIdle();
      expect((await inbox()).slice(before).map((r) => r.status)).toEqual(stored.map(() => "processed"));
      expect(await hubValue()).toEqual(c.hubValue(c.values[0]));
    });

    it("forged or sent again: refused or de-duplicated, nothing new stored or applied", async () => {
      const last = (await sent()).at(-1)!;
      const count = (await inbox()).length;
      const headers = last.headers as Record<string, string>;
      const forgedUrl = new URL(last.url);
      if (forgedUrl.searchParams.has("secret")) forgedUrl.searchParams.set("secret", "whsec_forged");
      const forged = await fetch(forgedUrl, { method: "POST", headers, body: last.body.replace(c.values[0], "Forged") });
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_SIGNATURE_INVALID");
      const again = await fetch(last.url, { method: "POST", headers, body: last.body });
      // signed with an id: the replay guard refuses it; otherwise it is a duplicate, answered 2xx
      expect([200, 401]).toContain(again.status);
      await h.advanceUntilIdle();
      expect((await inbox()).length).toBe(count);
      expect(await hubValue()).toEqual(c.hubValue(c.values[0]));
    });

    it("stale, oversized, malformed, forged and replayed deliveries: the right status, nothing stored or applied", async () => {
      const last = (await sent()).at(-1)!;
      const headers = last.headers as Record<string, string>;
      const count = (await inbox()).length;
      const endpoint = () => db.webhookEndpoint.findUniqueOrThrow({ where: { connectionId } });
      const failuresBefore = (await endpoint()).signatureFailures;
      const post = (body: string, h: Record<string, string> = headers) => fetch(last.url, { method: "POST", headers: h, body });
      const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

      let expectedFailures = 0;
      if (c.stale) {
        const stale = await c.stale({ body: last.body, headers });
        const res = await post(stale.body, stale.headers);
        expect(res.status).toBe(401);
        expect(await code(res)).toBe("WEBHOOK_TIMESTAMP_EXPIRED");
        expectedFailures++;
      }

      const big = last.body + " ".repeat(1024 * 1024);
      const oversized = await post(big, { ...headers, ...(c.resign ? await c.resign(big) : {}) });
      expect(oversized.status).toBe(413);

      const malformedBody = c.malformed.replace("LOCATION", sbx.account.externalId);
      const malformed = await post(malformedBody, { ...headers, ...(c.resign ? await c.resign(malformedBody) : {}) });
      expect([400, 422]).toContain(malformed.status);

      // another body under the original signature, a wrong URL secret or wrong Basic credentials
      const forgedBody = last.body.replace(c.values[0], "Forged");
      const forgedUrl = new URL(last.url);
      if (forgedUrl.searchParams.has("secret")) forgedUrl.searchParams.set("secret", "whsec_forged");
      const forgedHeaders = { ...headers };
      if (headers.authorization) forgedHeaders.authorization = `Basic ${Buffer.from("switchboard:wrong").toString("base64")}`;
      const forged = await fetch(forgedUrl, { method: "POST", headers: forgedHeaders, body: forgedBody });
      expect(forged.status).toBe(401);
      expect(await code(forged)).toBe("WEBHOOK_SIGNATURE_INVALID");
      expectedFailures++;

      // the same delivery again: refused by the replay guard (signed with an id) or answered as a duplicate
      const again = await post(last.body);
      expect([200, 401]).toContain(again.status);
      if (again.status === 401) expectedFailures++;

      await h.advanceUntilIdle();
      expect((await inbox()).length).toBe(count);
      expect((await inbox()).some((r) => r.rawBody.includes("Forged") || r.rawBody === malformedBody)).toBe(false);
      expect((await endpoint()).signatureFailures - failuresBefore).toBe(expectedFailures);
      expect(await hubValue()).toEqual(c.hubValue(c.values[0]));
    });

    it("duplicated and out-of-order deliveries: one row each, newest wins", async () => {
      const count = (await inbox()).length;
      await updateSandboxFaults(sbx.account.id, { webhookDuplicateRate: 1, webhookOutOfOrder: true });
      try {
        await edit(c.values[1]);
        await edit(c.values[2]);
        await flushSandboxWebhooks();
        await h.advanceUntilIdle();
      } finally {
        await updateSandboxFaults(sbx.account.id, { webhookDuplicateRate: 0, webhookOutOfOrder: false });
      }
      const all = await db.sandboxWebhookDelivery.findMany({
        where: { accountId: sbx.account.id, fault: { in: ["duplicate", "out_of_order"] } },
      });
      expect(all.map((d) => d.fault)).toContain("out_of_order");
      const duplicates = all.filter((d) => d.fault === "duplicate");
      expect(duplicates.length).toBeGreaterThan(0);
      const rows = (await inbox()).slice(count);
      expect(rows.length).toBeGreaterThan(0);
      // each duplicate is either counted on the row it repeats (2xx) or refused by the replay guard (401)
      const counted = rows.reduce((n, r) => n + r.duplicateCount, 0);
      const refused = duplicates.filter((d) => d.responseStatus === 401).length;
      expect(counted + refused).toBe(duplicates.length);
      expect(rows.every((r) => r.status === "processed" || r.status === "skipped")).toBe(true);
      expect(await hubValue()).toEqual(c.hubValue(c.values[2]));
    });

    it("replayable: a processed delivery again has no second effect; a failed one applies after the fix", async () => {
      const record = await hub();
      const processed = (await inbox()).filter((r) => r.status === "processed").at(-1)!;
      await replayDelivery(access, processed.id);
      await h.advanceUntilIdle();
      expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: processed.id } })).toMatchObject({
        status: "processed",
        replayCount: 1,
      });
      expect((await hub())?.version).toBe(record?.version);

      const count = (await inbox()).length;
      await edit(c.values[3]);
      if (!c.fetches) {
        // the payload is the whole record: processing makes no provider call that could fail
        await h.advanceUntilIdle();
        expect(await hubValue()).toEqual(c.hubValue(c.values[3]));
        return;
      }
      await updateSandboxFaults(sbx.account.id, { errorRate: 1 });
      try {
        await h.advanceUntilIdle();
      } finally {
        await updateSandboxFaults(sbx.account.id, { errorRate: 0 });
      }
      const failed = (await inbox()).slice(count);
      expect(failed.map((r) => r.status)).toEqual(failed.map(() => "failed"));
      expect(failed[0]!.attempts).toBe(4);
      expect(await hubValue()).toEqual(c.hubValue(c.values[2]));
      for (const r of failed) await replayDelivery(access, r.id);
      await h.advanceUntilIdle();
      expect((await inbox()).slice(count).map((r) => r.status)).toEqual(failed.map(() => "processed"));
      expect(await hubValue()).toEqual(c.hubValue(c.values[3]));
    });

    it("a dropped delivery is caught by the next pull", async () => {
      await updateSandboxFaults(sbx.account.id, { webhookDropRate: 1 });
      try {
        await edit(c.values[0]);
        await h.advanceUntilIdle();
      } finally {
        await updateSandboxFaults(sbx.account.id, { webhookDropRate: 0 });
      }
      expect(await hubValue()).toEqual(c.hubValue(c.values[3]));
      await h.executor.send({
        name: "switchboard/sync.pull-requested",
        data: { connectionId, object: c.pullObject, mode: "incremental", trigger: "schedule" },
      });
      await h.advanceUntilIdle();
      expect(await hubValue()).toEqual(c.hubValue(c.values[0]));
    });
  });
}
