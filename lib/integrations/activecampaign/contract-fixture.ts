// ActiveCampaign in the shared contract suite: an API token, contacts with tags, a custom field and the
// consent list (list 1 of every sandbox account).
import type { ContractFixture } from "@/lib/integrations/contract-fixture";

export const activecampaignContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "apiToken" },
  config: { accountUrl: "https://sandbox.api-us1.com", listId: "1" },
  // AC names no account id: the account is the API URL's host
  accountId: () => "sandbox",
  objects: {
    contacts: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, firstName: "Cora", lastName: `Tract ${n}`, tags: ["vip"], PLAN: "Pro", listStatus: "1" }),
      change: () => ({ firstName: "Changed", tags: ["customer", "lead"], PLAN: "Enterprise", listStatus: "2" }),
      invalid: { email: "not-an-email" },
      newField: (n) => ({ key: `contract_${n}`, label: `Contract ${n}`, type: "string" }),
    },
  },
  rateLimitHint: "retry-after",
  rateLimitRemainingZero: false,
};
