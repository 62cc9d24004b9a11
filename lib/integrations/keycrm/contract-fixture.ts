// KeyCRM in the shared contract suite: an API key; buyers (with a custom field), orders, offers.
import type { ContractFixture } from "@/lib/integrations/contract-fixture";
import { keycrmAccountId } from "@/lib/integrations/keycrm/client";

export const keycrmContractFixture: ContractFixture = {
  connect: { authKind: "api_key", credential: "apiKey" },
  // stock is written to this warehouse of the sandbox account
  config: { warehouseId: 1, orderSourceId: 1 },
  // KeyCRM names no account: the key's fingerprint stands for it
  accountId: (sbx) => keycrmAccountId(sbx.apiKey),
  objects: {
    buyers: {
      newRecord: (n) => ({ email: `cora.${n}@contract.example`, first_name: "Cora", last_name: `Tract ${n}`, phone: "+380501234567", CT_1001: "VIP" }),
      change: () => ({ first_name: "Changed", note: "Постійний клієнт", CT_1001: "Retail" }),
      invalid: { email: "not-an-email" },
    },
    orders: {
      newRecord: (n) => ({ source_id: 1, source_uuid: `C-${n}`, "buyer.full_name": `Cora Tract ${n}`, "buyer.email": `cora.${n}@contract.example`, "shipping.tracking_code": `20400${n}` }),
      change: (n) => ({ status_id: 3, "shipping.tracking_code": `20450${n}`, manager_comment: "Shipped" }),
      invalid: { source_uuid: "no-source-no-buyer" },
    },
    offers: {
      newRecord: () => ({}),
      change: () => ({ quantity: 17, price: 99.5 }),
      invalid: { quantity: -1 },
    },
  },
  rateLimitHint: "retry-after",
  rateLimitRemainingZero: true,
};
