// Workspace isolation of the sandbox APIs over real HTTP: a key or token of workspace A never reads or
// changes workspace B's data (KeyCRM: API key; Pipedrive: OAuth through the consent screen). The consent
// screen needs a signed-in member of the app's workspace and a registered redirect URI, and its CSP lets
// the browser follow that redirect. The mount bounds request bodies (413 without buffering the rest).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "@/lib/http/http-client";
import { buildAuthorizeUrl, exchangeCode } from "@/lib/http/oauth2";
import { pipedrive } from "@/lib/integrations/pipedrive/definition";
import { getRecord, listRecords } from "@/lib/integrations/sandbox/record-store";
import { createTestSandbox, type TestSandbox } from "@/lib/integrations/sandbox/test-context";
import { startSandboxServer, TEST_USER_HEADER } from "@/lib/integrations/sandbox/test-server";
import { addTestMember, createTestWorkspace } from "@/lib/testing/factories";
import { db } from "@/lib/db/client";

let server: Awaited<ReturnType<typeof startSandboxServer>>;

beforeAll(async () => {
  server = await startSandboxServer({ maxBodyBytes: 256 * 1024 });
});
afterAll(async () => {
  await server.close();
});

describe("API keys stay inside their workspace (KeyCRM)", () => {
  it("a key of workspace A reads and writes A's buyers only, even with the same ids as B's", async () => {
    const a = await createTestSandbox("keycrm", { count: 3 });
    const b = await createTestSandbox("keycrm", { count: 3 });
    const call = (sbx: TestSandbox, path: string, init: RequestInit = {}) =>
      fetch(`${server.baseUrl("keycrm")}${path}`, { ...init, headers: { authorization: `Bearer ${sbx.apiKey}`, "content-type": "application/json", ...(init.headers ?? {}) } });
    const id = (await listRecords(b.account.id, "buyers"))[0]!.externalId;
    const bBefore = await getRecord(b.account.id, "buyers", id);

    // B renames its buyer; A's buyer with the same id is untouched and A reads its own.
    expect((await call(b, `/v1/buyer/${id}`, { method: "PUT", body: JSON.stringify({ full_name: "Bea From B" }) })).status).toBe(200);
    const readByA = (await (await call(a, `/v1/buyer/${id}`)).json()) as { full_name: string };
    expect(readByA.full_name).not.toBe("Bea From B");
    expect(readByA.full_name).toBe((await getRecord(a.account.id, "buyers", id))!.data.full_name);

    // A renames "its" buyer id: B's row does not change.
    expect((await call(a, `/v1/buyer/${id}`, { method: "PUT", body: JSON.stringify({ full_name: "Mallory From A" }) })).status).toBe(200);
    expect((await getRecord(b.account.id, "buyers", id))!.data.full_name).toBe("Bea From B");
    expect(bBefore!.data.full_name).not.toBe("Mallory From A");

    // A buyer only B has is not found with A's key.
    const created = (await (await call(b, "/v1/buyer", { method: "POST", body: JSON.stringify({ full_name: "Only In B" }) })).json()) as { id: number };
    expect((await call(a, `/v1/buyer/${created.id}`)).status).toBe(404);
    const listedByA = (await (await call(a, "/v1/buyer?limit=50")).json()) as { data: { full_name: string }[] };
    expect(listedByA.data.map((x) => x.full_name)).not.toContain("Only In B");

    // A key that is not (any longer) an account's is refused.
    expect((await fetch(`${server.baseUrl("keycrm")}/v1/buyer`, { headers: { authorization: `Bearer ${a.apiKey}x` } })).status).toBe(401);
  });
});

describe("OAuth tokens stay inside their workspace (Pipedrive)", () => {
  const redirectUri = "https://client.example/callback";

  async function consentPage(sbx: TestSandbox, user: string | null, uri = redirectUri) {
    const url = buildAuthorizeUrl(pipedrive.oauth2!, { environment: "sandbox", appUrl: server.origin, config: {}, clientId: sbx.app!.clientId, redirectUri: uri, state: "s1" });
    const res = await fetch(url, { headers: user ? { [TEST_USER_HEADER]: user } : {}, redirect: "manual" });
    return { url, res };
  }

  async function connect(sbx: TestSandbox): Promise<string> {
    const { url, res } = await consentPage(sbx, sbx.userId);
    expect(res.status).toBe(200);
    const form = new URL(url).searchParams;
    form.set("decision", "allow");
    form.set("account_id", sbx.account.id);
    const back = await fetch(url.split("?")[0]!, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: sbx.userId }, redirect: "manual" });
    expect(back.status).toBe(302);
    const code = new URL(back.headers.get("location")!).searchParams.get("code")!;
    const http = createHttpClient({ provider: "pipedrive", allowedOrigins: [server.origin] });
    const tokens = await exchangeCode(http, pipedrive.oauth2!, { environment: "sandbox", appUrl: server.origin, config: {}, clientId: sbx.app!.clientId, clientSecret: sbx.app!.clientSecret, code, redirectUri });
    return tokens.accessToken;
  }

  it("a token of workspace A reads and writes A's persons only", async () => {
    const a = await createTestSandbox("pipedrive", { count: 2, redirectUris: [redirectUri] });
    const b = await createTestSandbox("pipedrive", { count: 2, redirectUris: [redirectUri] });
    const tokenA = await connect(a);
    const id = (await listRecords(b.account.id, "persons"))[0]!.externalId;
    const bName = (await getRecord(b.account.id, "persons", id))!.data.name;
    const patch = await fetch(`${server.baseUrl("pipedrive")}/api/v2/persons/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${tokenA}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Changed With A's Token" }),
    });
    expect(patch.status).toBe(200);
    expect((await getRecord(a.account.id, "persons", id))!.data.name).toBe("Changed With A's Token");
    expect((await getRecord(b.account.id, "persons", id))!.data.name).toBe(bName);
    // B's client secret does not redeem anything of A's app.
    const http = createHttpClient({ provider: "pipedrive", allowedOrigins: [server.origin] });
    await expect(exchangeCode(http, pipedrive.oauth2!, { environment: "sandbox", appUrl: server.origin, config: {}, clientId: a.app!.clientId, clientSecret: b.app!.clientSecret, code: "x", redirectUri })).rejects.toMatchObject({ code: expect.any(String) });
  });

  it("the consent screen needs a signed-in member of the app's workspace", async () => {
    const a = await createTestSandbox("pipedrive", { count: 1, redirectUris: [redirectUri] });
    const signedOut = await consentPage(a, null);
    expect(signedOut.res.status).toBe(303);
    const signIn = new URL(signedOut.res.headers.get("location")!);
    expect(signIn.pathname).toBe("/sign-in");
    expect(signIn.searchParams.get("callbackUrl")).toMatch(/^\/sandbox\/pipedrive\/oauth\/authorize\?/);

    const { user: outsider } = await createTestWorkspace();
    const foreign = await consentPage(a, outsider.id);
    expect(foreign.res.status).toBe(403);
    expect(await foreign.res.text()).not.toContain(a.account.externalId);

    // A POST straight to the form as an outsider issues no code.
    const form = new URL(foreign.url).searchParams;
    form.set("decision", "allow");
    form.set("account_id", a.account.id);
    const forged = await fetch(foreign.url.split("?")[0]!, { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded", [TEST_USER_HEADER]: outsider.id }, redirect: "manual" });
    expect(forged.status).toBe(403);
    expect(await db.sandboxAuthCode.count({ where: { accountId: a.account.id } })).toBe(0);

    // A member (not only the owner) may consent, and sees only the workspace's accounts.
    const member = await addTestMember({ user: { id: a.userId, email: "", name: "" }, workspace: { id: a.workspaceId, slug: a.workspaceSlug, name: "" }, role: "owner" }, "member");
    const other = await createTestSandbox("pipedrive", { count: 1 });
    const page = await consentPage(a, member.user.id);
    expect(page.res.status).toBe(200);
    const html = await page.res.text();
    expect(html).toContain(a.account.id);
    expect(html).not.toContain(other.account.id);
  });

  it("redirects only to registered URIs, and its CSP allows following that redirect", async () => {
    const a = await createTestSandbox("pipedrive", { count: 1, redirectUris: [redirectUri] });
    const evil = await consentPage(a, a.userId, "https://evil.example/callback");
    expect(evil.res.status).toBe(400);
    expect(evil.res.headers.get("location")).toBeNull();
    const prefix = await consentPage(a, a.userId, `${redirectUri}/../other`);
    expect(prefix.res.status).toBe(400);
    // The app's own callback is always registered.
    const own = await consentPage(a, a.userId, `${server.origin}/api/oauth/callback`);
    expect(own.res.status).toBe(200);
    expect(own.res.headers.get("content-security-policy")).toContain(`form-action 'self' ${server.origin}`);
    const ok = await consentPage(a, a.userId);
    expect(ok.res.status).toBe(200);
    const csp = ok.res.headers.get("content-security-policy")!;
    expect(csp).toContain("form-action 'self' https://client.example");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("script-src");
  });
});

describe("request bodies", () => {
  it("answers 413 to an oversized body without reading it to the end", async () => {
    const size = 64 * 1024 * 1024;
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024);
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (cancelled) return;
        if (sent >= size) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const res = await fetch(`${server.baseUrl("hubspot")}/oauth/v1/token`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit).catch((err: unknown) => err);
    // The server answers 413 as soon as the limit is passed and stops reading: the client never sends it all.
    if (!(res instanceof Response)) throw res;
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(sent).toBeLessThan(size);
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    const res = await fetch(`${server.baseUrl("keycrm")}/v1/buyer`, { method: "POST", body: "x".repeat(300 * 1024), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
  });
});
