// The registry of hub object kinds.
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { appointmentObject } from "@/lib/records/appointment-object";
import { contactObject } from "@/lib/records/contact-object";
import { opportunityObject } from "@/lib/records/opportunity-object";
import { orderObject } from "@/lib/records/order-object";
import { productObject } from "@/lib/records/product-object";
import type { RecordObjectDefinition } from "@/lib/records/record-object-definition";

export const recordObjects: Record<RecordObject, RecordObjectDefinition> = {
  contact: contactObject,
  order: orderObject,
  product: productObject,
  appointment: appointmentObject,
  opportunity: opportunityObject,
};

export const RECORD_OBJECTS = Object.keys(recordObjects) as RecordObject[];

export function objectByPath(path: string): RecordObjectDefinition | undefined {
  return Object.values(recordObjects).find((d) => d.path === path);
}
