import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { configSchemaInvalid, verifyFailure } from "@/lib/connections/connection-errors";

const answered = (code: "PROVIDER_ERROR" | "INVALID_CREDENTIALS" | "PROVIDER_UNAVAILABLE", status: number, said?: string) =>
  new AppError(code, `HubSpot answered ${status}${said ? `: ${said}` : ""}`, { status, provider: "HubSpot", providerError: "secret-ish body" });

describe("verifyFailure", () => {
  it("says the provider answered and what the status means, instead of 'could not reach'", () => {
    const e = verifyFailure(answered("PROVIDER_UNAVAILABLE", 500), "HubSpot");
    expect(e.code).toBe("CONNECTION_FAILED");
    expect(e.message).toContain("HubSpot answered 500 (server error)");
    expect(e.message).not.toContain("Could not reach");
  });
  it("a 403 (e.g. a wrong GoHighLevel location id) is not 'refused these credentials' and quotes the provider", () => {
    const e = verifyFailure(new AppError("INVALID_CREDENTIALS", "GoHighLevel answered 403: The token does not have access to this location.", { status: 403 }), "GoHighLevel");
    expect(e.code).toBe("INVALID_CREDENTIALS");
    expect(e.message).toContain("answered 403 (forbidden)");
    expect(e.message).toContain("The token does not have access to this location.");
    expect(e.message).not.toContain("refused these credentials");
  });
  it("a 401 says the credentials were refused; details keep only the status and cause", () => {
    const e = verifyFailure(answered("INVALID_CREDENTIALS", 401), "HubSpot");
    expect(e.message).toContain("401 (unauthorized)");
    expect(e.message).toContain("refused these credentials");
    expect(e.details).toEqual({ cause: "INVALID_CREDENTIALS", status: 401 });
  });
  it("no answer at all is 'could not reach'", () => {
    const e = verifyFailure(new AppError("PROVIDER_UNAVAILABLE", "Could not reach HubSpot (ECONNREFUSED).", { networkError: "ECONNREFUSED" }), "HubSpot");
    expect(e.message).toContain("Could not reach HubSpot");
  });
});

describe("configSchemaInvalid", () => {
  it("keys fields by input name but names them in words in the message", () => {
    const schema = z.object({ loginDomain: z.string().regex(/^x$/, "Use login.salesforce.com") });
    const r = schema.safeParse({ loginDomain: "nope" });
    if (r.success) throw new Error("expected a failure");
    const e = configSchemaInvalid("config", r.error, { loginDomain: "Salesforce login domain" });
    expect(e.details?.fields).toEqual({ "config.loginDomain": "Use login.salesforce.com" });
    expect(e.message).toBe("Check this field: Salesforce login domain.");
    expect(configSchemaInvalid("config", r.error).message).toBe("Check this field: Login domain.");
  });
});

describe("configSchemaInvalid on an empty required field", () => {
  it("says it is required instead of zod's type message", () => {
    const r = z.object({ apiToken: z.string() }).safeParse({});
    if (r.success) throw new Error("expected a failure");
    expect(configSchemaInvalid("credentials", r.error).details?.fields).toEqual({ "credentials.apiToken": "Required: enter a value." });
  });
});
