// HubSpot in the shared contract suite: a private-app token, contacts.
import type { ContractFixture } from "@/lib/integrations/contract-fixture";

export const hubspotContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "accessToken" },
  objects: {
    contacts: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, firstname: "Cora", lastname: `Tract ${n}`, favorite_product: "Widgets" }),
      change: () => ({ firstname: "Changed", lifecyclestage: "customer" }),
      invalid: { email: "not-an-email" },
      newField: (n) => ({ key: `contract_${n}`, label: `Contract ${n}`, type: "string" }),
    },
  },
  rateLimitHint: "retry-after",
  rateLimitRemainingZero: true,
};
