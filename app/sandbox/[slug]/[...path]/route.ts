// Mounts every provider sandbox at /sandbox/<slug>/... (all methods). 404 SANDBOX_DISABLED unless
// sandboxEnabled(); the dispatcher checks that, bounds the body and finds the sandbox in the sandbox
// registry. The signed-in user (if any) is offered to the OAuth consent screen, which needs a member of
// the workspace that owns the sandbox app.
import { currentUser } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { dispatchSandboxRequest } from "@/lib/integrations/sandbox/dispatch";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ slug: string; path: string[] }> };

async function handle(req: Request, { params }: Params): Promise<Response> {
  const { slug, path } = await params;
  return dispatchSandboxRequest(req, {
    slug,
    path: `/${path.map(encodeURIComponent).join("/")}`,
    baseUrl: `${appUrl()}/sandbox/${slug}`,
    viewer: async () => (await currentUser())?.id ?? null,
  });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
