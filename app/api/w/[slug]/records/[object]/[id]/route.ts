// A record's version, polled by its page (components/records/record-live.tsx) to re-render when a webhook
// or a sync run changes it: any member of the workspace.
import { withWorkspace } from "@/lib/auth/workspace-guard";
import { AppError } from "@/lib/errors/app-error";
import { BODY_LIMITS, withBodyLimit } from "@/lib/http/read-body";
import { getRecordVersion } from "@/lib/records/get-record";
import { objectByPath } from "@/lib/records/record-objects";

export const dynamic = "force-dynamic";

export const GET = withBodyLimit(
  BODY_LIMITS.json,
  withWorkspace<{ slug: string; object: string; id: string }>(async (_req, access, params) => {
    const def = objectByPath(params.object);
    if (!def) throw new AppError("NOT_FOUND", "Not found");
    return Response.json(await getRecordVersion(access, def.object, params.id), { headers: { "cache-control": "no-store" } });
  }),
);
