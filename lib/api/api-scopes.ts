// The scopes an API key can hold. Records scopes are "<object path>:<read|write>" (lib/records/save-record.ts recordScope).
import { z } from "zod";

export const API_SCOPES = [
  "contacts:read",
  "contacts:write",
  "orders:read",
  "orders:write",
  "products:read",
  "products:write",
  "appointments:read",
  "appointments:write",
  "sync:read",
  "sync:write",
  "connections:read",
  "webhooks:write",
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export const apiScopeSchema = z.enum(API_SCOPES);

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "contacts:read": "Read contacts",
  "contacts:write": "Create, change and delete contacts",
  "orders:read": "Read orders",
  "orders:write": "Create, change and delete orders",
  "products:read": "Read products",
  "products:write": "Create, change and delete products (stock, prices)",
  "appointments:read": "Read appointments",
  "appointments:write": "Create, change and delete appointments",
  "sync:read": "Read sync status and runs",
  "sync:write": "Ask for a record to sync now",
  "connections:read": "List connections",
  "webhooks:write": "Manage outbound webhook endpoints",
};
