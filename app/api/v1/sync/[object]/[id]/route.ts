// POST /api/v1/sync/<object>/<id> (scope sync:write): push this record to its connections now.
import { AppError } from "@/lib/errors/app-error";
import { API_OBJECTS } from "@/lib/api/api-objects";
import { apiRoute } from "@/lib/api/api-route";
import { apiSyncRecordNow } from "@/lib/api/sync-api";

export const POST = apiRoute<{ object: string; id: string }>(async (r, { object, id }) => {
  const kind = (API_OBJECTS as Record<string, (typeof API_OBJECTS)[keyof typeof API_OBJECTS] | undefined>)[object];
  if (!kind) throw new AppError("NOT_FOUND", `Unknown object "${object}"; use contacts, orders, products or appointments`);
  return { status: 202, body: await apiSyncRecordNow(r.principal, kind, id) };
});
