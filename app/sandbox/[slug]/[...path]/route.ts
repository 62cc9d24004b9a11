// Mounts every provider sandbox at /sandbox/<slug>/... (all methods). 404 SANDBOX_DISABLED unless
// sandboxEnabled(); the dispatcher checks that and finds the sandbox through the registry.
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
  });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
