// The records' object kinds (RecordObject, singular) <-> the contract's hub object kinds (plural).
import type { RecordObject } from "@/lib/generated/prisma/enums";
import type { HubObjectKind } from "@/lib/integrations/hub-fields";

export const hubKindOf: Record<RecordObject, HubObjectKind> = {
  contact: "contacts",
  order: "orders",
  product: "products",
  appointment: "appointments",
  opportunity: "opportunities",
};

export function recordObjectOf(kind: HubObjectKind): RecordObject | null {
  const hit = (Object.entries(hubKindOf) as [RecordObject, HubObjectKind][]).find(([, k]) => k === kind);
  return hit ? hit[0] : null;
}
