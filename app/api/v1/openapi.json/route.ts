// GET /api/v1/openapi.json: the OpenAPI 3.1 document (public, no key needed; it holds no tenant data).
import { openApiDocument } from "@/lib/api/openapi-document";

export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
