// Paths of /api/v1 beyond the records (connections), registered in the OpenAPI document.
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { connectionsResponseSchema } from "@/lib/api/list-api-connections";
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
}
