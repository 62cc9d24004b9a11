// The Inngest serve endpoint: GET introspection, PUT sync, POST step calls. Inngest (Cloud or
// self-hosted) or the embedded executor drive it; see docs/background-jobs.md.
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { jobsMode } from "@/lib/env";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({
  client: inngest,
  functions,
  // The embedded executor syncs in-band and signed; an unsigned out-of-band sync is never needed there.
  ...(jobsMode() === "embedded" ? { enableUnauthedSync: false } : {}),
});
