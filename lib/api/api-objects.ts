// The record kinds the public API serves, by URL segment.
import type { RecordObject } from "@/lib/generated/prisma/enums";

export const API_OBJECTS = { contacts: "contact", orders: "order", products: "product", appointments: "appointment" } as const satisfies Record<string, RecordObject>;
export type ApiObjectPath = keyof typeof API_OBJECTS;
export const API_OBJECT_PATHS = Object.keys(API_OBJECTS) as ApiObjectPath[];
