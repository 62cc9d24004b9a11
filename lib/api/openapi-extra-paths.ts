// Paths of /api/v1 beyond the records (connections), registered in the OpenAPI document.
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { connectionsResponseSchema } from "@/lib/api/list-api-connections";
import { apiRunSchema, runsQuerySchema, syncStatusSchema } from "@/lib/api/sync-api";
import { COMMON_ERRORS, errorResponses } from "@/lib/api/openapi-document";

export function registerExtraPaths(registry: OpenAPIRegistry, security: { apiKey: string[] }[]): void {
  registry.registerPath({
    method: "get",
    path: "/connections",
    tags: ["Connections"],
    summary: "List connections",
    description: "The workspace's connected integrations (never credentials). Scope: connections:read.",
    security,
    responses: { 200: { description: "Connections", content: { "application/json": { schema: connectionsResponseSchema } } }, ...errorResponses(...COMMON_ERRORS) },
  });
  registry.registerPath({
    method: "get",
    path: "/sync/status",
    tags: ["Sync"],
    summary: "Sync status",
    description: "Last sync, pending updates, sync errors and connected integrations. Scope: sync:read.",
    security,
    responses: { 200: { description: "Status", content: { "application/json": { schema: syncStatusSchema } } }, ...errorResponses(...COMMON_ERRORS) },
  });
  registry.registerPath({
    method: "get",
    path: "/runs",
    tags: ["Sync"],
    summary: "List sync runs",
    description: "Newest first, cursor pages; filter by connection. Scope: sync:read.",
    security,
    request: { query: runsQuerySchema },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: z.object({ data: z.array(apiRunSchema), next_cursor: z.string().nullable(), links: z.object({ self: z.string(), next: z.string().nullable() }) }) } } },
      ...errorResponses(...COMMON_ERRORS),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/sync/{object}/{id}",
    tags: ["Sync"],
    summary: "Sync one record now",
    description: "Queues a push of the record to every active connection that syncs its object. Scope: sync:write.",
    security,
    request: { params: z.object({ object: z.enum(["contacts", "orders", "products", "appointments"]), id: z.string() }) },
    responses: { 202: { description: "Queued", content: { "application/json": { schema: z.object({ connections: z.array(z.string()) }) } } }, ...errorResponses(...COMMON_ERRORS, 404) },
  });
}
