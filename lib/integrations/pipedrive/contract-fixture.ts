// Pipedrive in the shared contract suite: a personal API token (x-api-token), persons. Test support only.
import type { ContractFixture } from "@/lib/integrations/contract-fixture";
import { PIPEDRIVE_TIER_FIELD } from "@/lib/integrations/pipedrive/sandbox";

export const pipedriveContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "apiToken" },
  objects: {
    persons: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, first_name: "Cora", last_name: `Tract ${n}`, [PIPEDRIVE_TIER_FIELD]: "Gold" }),
      change: () => ({ first_name: "Changed", marketing_status: "subscribed" }),
      invalid: { email: "not-an-email" },
      newField: (n) => ({ key: `contract_${n}`, label: `Contract ${n}`, type: "string" }),
    },
  },
  rateLimitHint: "retry-after",
  rateLimitRemainingZero: true,
};
