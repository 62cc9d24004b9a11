// Custom REST in the shared contract suite: the example template pointed at the test server's Generic
// CRM sandbox, a Bearer key; the verify endpoint names the account (accountIdPath).
import type { ContractFixture } from "@/lib/integrations/contract-fixture";
import { exampleTemplate } from "@/lib/integrations/custom-rest/example-template";

export const customRestContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "apiSecret" },
  config: ({ origin }) => ({ template: exampleTemplate(`${origin}/sandbox/custom-rest/api`) }),
  objects: {
    contacts: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, first_name: "Cora", last_name: `Tract ${n}`, tags: ["vip"], "custom.plan": "Pro" }),
      change: () => ({ first_name: "Changed", status: "qualified", "custom.plan": "Enterprise" }),
      invalid: { email: "not-an-email" },
    },
  },
  rateLimitHint: "retry-after",
  rateLimitRemainingZero: true,
};
