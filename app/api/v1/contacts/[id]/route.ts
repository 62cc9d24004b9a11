// GET, PATCH (Idempotency-Key supported) and DELETE one of the workspace's contacts.
import { recordItemRoutes } from "@/lib/api/record-routes";

const routes = recordItemRoutes("contacts");
export const GET = routes.GET;
export const PATCH = routes.PATCH;
export const DELETE = routes.DELETE;
