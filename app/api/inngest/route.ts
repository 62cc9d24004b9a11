// The Inngest serve endpoint: GET introspection, PUT sync, POST step calls. Inngest (Cloud or
// self-hosted) or the embedded executor drive it; see docs/background-jobs.md. guardServe bounds the
// body (413) and checks the signature before the SDK parses anything.
import { serve } from "inngest/next";
import { inngest, servingSigningKeys } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { guardServe } from "@/inngest/serve-guard";
import { jobsMode } from "@/lib/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = guardServe(
  serve({
    client: inngest,
    functions,
    // The embedded executor syncs in-band and signed; an unsigned out-of-band sync is never needed there.
    ...(jobsMode() === "embedded" ? { enableUnauthedSync: false } : {}),
  }),
  servingSigningKeys,
);
