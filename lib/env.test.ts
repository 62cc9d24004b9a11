import { afterEach, describe, expect, it } from "vitest";
import { env, EnvError, jobsMode, resetEnvCache } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("env", () => {
  it("treats empty variables as unset and applies defaults", () => {
    process.env.DATABASE_URL = "";
    process.env.PGLITE_DIR = "";
    process.env.PORT = "";
    resetEnvCache();
    expect(env().DATABASE_URL).toBeUndefined();
    expect(env().PORT).toBe(3000);
  });

  it("names every invalid variable", () => {
    process.env.DATABASE_URL = "mysql://nope";
    process.env.MASTER_KEY = "short";
    resetEnvCache();
    expect(() => env()).toThrow(EnvError);
    try {
      env();
    } catch (e) {
      expect((e as Error).message).toContain("DATABASE_URL");
      expect((e as Error).message).toContain("MASTER_KEY");
    }
  });

  it("selects Inngest only when both keys are set", () => {
    delete process.env.INNGEST_EVENT_KEY;
    process.env.INNGEST_SIGNING_KEY = "signkey-prod-abc";
    resetEnvCache();
    expect(jobsMode()).toBe("embedded");
    process.env.INNGEST_EVENT_KEY = "evt";
    resetEnvCache();
    expect(jobsMode()).toBe("inngest");
  });
});
