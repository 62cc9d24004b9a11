// Loops in the shared contract suite: an API key, contacts (create, upsert by e-mail, properties).
import type { ContractFixture } from "@/lib/integrations/contract-fixture";
import { loopsPropertyLabel, loopsPropertyName } from "@/lib/integrations/loops/map";

export const loopsContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "apiKey" },
  // Loops names no team id: the team name is the account
  accountId: (sbx) => sbx.account.name,
  objects: {
    contacts: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, firstName: "Cora", lastName: `Tract ${n}`, plan: "pro" }),
      change: () => ({ firstName: "Changed", plan: "starter" }),
      invalid: { email: "not-an-email" },
      // Loops takes a property's name only and derives its label
      newField: (n) => ({ key: `contract_${n}`, label: loopsPropertyLabel(loopsPropertyName(`contract_${n}`)), type: "string" }),
    },
  },
  rateLimitHint: "default",
  rateLimitRemainingZero: true,
};
