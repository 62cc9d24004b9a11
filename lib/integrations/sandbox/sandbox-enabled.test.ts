// What "sandboxes on/off" means, as the README, .env.example and docs/providers.md say: on in the
// embedded default (any NODE_ENV, `npm start` included) and in tests, off in scale-out (DATABASE_URL)
// unless SANDBOX_ENABLED=true, and SANDBOX_ENABLED=false removes them entirely: the mount answers 404,
// no sandbox environment is offered and the nav has no Sandbox link (the panel pages call notFound() on the
// same check: lib/integrations/sandbox/panel-access.ts).
import { afterEach, describe, expect, it } from "vitest";
import { visibleNavItems } from "@/components/workspace/nav-items";
import { availableEnvironments } from "@/lib/connections/available-environments";
import { resetEnvCache, sandboxEnabled } from "@/lib/env";
import { hubspot } from "@/lib/integrations/hubspot/definition";
import { keycrm } from "@/lib/integrations/keycrm/definition";
import { dispatchSandboxRequest } from "@/lib/integrations/sandbox/dispatch";
import { sandboxOAuthClient, sandboxSupports, sandboxWebhookPublicKeys } from "@/lib/integrations/sandbox/sandbox-access";

const saved = { ...process.env };
function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}
afterEach(() => {
  for (const k of ["SANDBOX_ENABLED", "DATABASE_URL", "NODE_ENV"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

describe("sandboxEnabled()", () => {
  it.each([
    // [SANDBOX_ENABLED, DATABASE_URL, NODE_ENV, expected]
    [undefined, undefined, "production", true], // npm start on PGlite: the embedded default keeps them
    [undefined, undefined, "development", true],
    [undefined, "postgres://db/x", "production", false], // scale-out: off unless asked for
    [undefined, "postgres://db/x", "development", false],
    [undefined, "postgres://db/x", "test", true], // tests on PostgreSQL
    ["true", "postgres://db/x", "production", true],
    ["false", undefined, "production", false],
    ["false", undefined, "test", false],
  ] as const)("SANDBOX_ENABLED=%s DATABASE_URL=%s NODE_ENV=%s -> %s", (flag, url, nodeEnv, expected) => {
    setEnv({ SANDBOX_ENABLED: flag, DATABASE_URL: url, NODE_ENV: nodeEnv });
    expect(sandboxEnabled()).toBe(expected);
  });
});

describe("SANDBOX_ENABLED=false removes sandboxes", () => {
  it("answers 404 on the mount, offers no sandbox environment and no nav link", async () => {
    setEnv({ SANDBOX_ENABLED: "false" });
    const res = await dispatchSandboxRequest(new Request("http://app.test/sandbox/hubspot/crm/v3/objects/contacts"), {
      slug: "hubspot",
      path: "/crm/v3/objects/contacts",
      baseUrl: "http://app.test/sandbox/hubspot",
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("SANDBOX_DISABLED");
    expect(await availableEnvironments(keycrm, "api_key")).toEqual(["live"]);
    expect(await availableEnvironments(hubspot, "oauth2")).not.toContain("sandbox");
    expect(await sandboxSupports("hubspot", "api_key")).toBe(false);
    expect(await sandboxOAuthClient("any-workspace", "hubspot")).toBeNull();
    expect(await sandboxWebhookPublicKeys("any-workspace", "gohighlevel")).toBeNull();
    expect(visibleNavItems({ sandbox: sandboxEnabled() }).map((i) => i.path)).not.toContain("/sandbox");

    setEnv({ SANDBOX_ENABLED: "true" });
    expect(await availableEnvironments(keycrm, "api_key")).toEqual(["sandbox", "live"]);
    expect(await sandboxSupports("hubspot", "oauth2")).toBe(true);
    expect(visibleNavItems({ sandbox: sandboxEnabled() }).map((i) => i.path)).toContain("/sandbox");
  });
});
