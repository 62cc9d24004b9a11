// GET: list products (cursor pages); POST: create or upsert by external_id / match key (Idempotency-Key supported).
import { recordCollectionRoutes } from "@/lib/api/record-routes";

const routes = recordCollectionRoutes("products");
export const GET = routes.GET;
export const POST = routes.POST;
