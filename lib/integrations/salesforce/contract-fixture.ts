// Salesforce in the shared contract suite: OAuth consent, Lead and Contact.
import type { ContractFixture } from "@/lib/integrations/contract-fixture";

export const salesforceContractFixture: ContractFixture = {
  connect: { authKind: "oauth2" },
  objects: {
    Lead: {
      newRecord: (n) => ({ Email: `lena.${n}@contract.example`, FirstName: "Lena", LastName: `Lead ${n}`, Company: "Contract Co", Favorite_Product__c: "Widgets" }),
      change: () => ({ FirstName: "Changed", Status: "Qualified" }),
      invalid: { LastName: "Bad", Company: "Bad Co", Email: "not-an-email" },
    },
    Contact: {
      newRecord: (n) => ({ Email: `carl.${n}@contract.example`, FirstName: "Carl", LastName: `Contact ${n}`, Score__c: 7 }),
      change: () => ({ FirstName: "Changed", Title: "Buyer" }),
      invalid: { FirstName: "No last name" },
    },
  },
  // Salesforce answers quota exhaustion with 403 REQUEST_LIMIT_EXCEEDED and no Retry-After.
  rateLimitHint: "default",
  rateLimitRemainingZero: false,
};
