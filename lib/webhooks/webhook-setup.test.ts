// Every provider's declared webhook setup agrees with how it registers, and a "provider-secret" setup
// names a credential the connect form really asks for (the setup card reads both).
import { describe, expect, it } from "vitest";
import { providers } from "@/lib/integrations/registry";
import { isContractV2 } from "@/lib/integrations/types";

const expected = { api: ["registered"], app: ["app"], manual: ["url-secret", "provider-secret"], none: ["none"] } as const;

describe("webhook setup modes", () => {
  for (const def of providers.filter(isContractV2)) {
    it(`${def.slug}: ${def.webhook.setup} fits registration ${def.webhook.registration}`, () => {
      expect(expected[def.webhook.registration]).toContain(def.webhook.setup);
      if (def.webhook.setup === "provider-secret") {
        const key = def.webhook.providerSecretCredential;
        expect(key && def.credentialsSchema.api_key?.shape[key]).toBeTruthy();
      }
    });
  }
});
