import { describe, expect, it } from "vitest";
import { REDACTED, redactBody, redactHeaders, redactString, redactUrl, redactValue } from "@/lib/http/redact";

describe("redaction", () => {
  it("redacts secret headers and known secret values in others", () => {
    const out = redactHeaders(new Headers({ Authorization: "Bearer abc.def.ghi", "Api-Token": "tok", "X-Echo": "key=supersecret1", Accept: "application/json" }), ["supersecret1"]);
    expect(out.authorization).toBe(REDACTED);
    expect(out["api-token"]).toBe(REDACTED);
    expect(out["x-echo"]).toBe(`key=${REDACTED}`);
    expect(out.accept).toBe("application/json");
  });

  it("redacts secret query parameters and userinfo in URLs", () => {
    const u = redactUrl("https://user:pw@api.example.com/v1?hapikey=k123456&api_token=t&limit=10");
    expect(u).not.toContain("k123456");
    expect(u).not.toContain("pw@");
    expect(u).toContain("limit=10");
  });

  it("redacts nested JSON keys and values, leaving error codes alone", () => {
    const v = redactValue({ error: "bad", code: "INVALID", nested: { access_token: "x", refresh_token: null, list: ["my-secret-value"] } }, ["my-secret-value"]);
    expect(v).toEqual({ error: "bad", code: "INVALID", nested: { access_token: REDACTED, refresh_token: null, list: [REDACTED] } });
  });

  it("redacts bearer tokens echoed in free text and bounds large bodies", () => {
    expect(redactString("got Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x")).toBe(`got Authorization: Bearer ${REDACTED}`);
    const big = "a".repeat(5000);
    expect(String(redactBody(big)).length).toBeLessThanOrEqual(4001);
    expect(redactBody('{"message":"token abcdefgh leaked"}', ["abcdefgh"])).toEqual({ message: `token ${REDACTED} leaked` });
    expect(redactBody("client_secret=s3cr3tvalue&grant_type=x")).toEqual({ client_secret: REDACTED, grant_type: "x" });
  });
});
