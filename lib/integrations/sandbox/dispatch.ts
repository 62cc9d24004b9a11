// Entry point for every sandbox request, shared by the Next route (app/sandbox/[slug]/[...path]) and the
// test server: off unless sandboxEnabled(), then the provider's sandbox from the sandbox registry.
import { toErrorResponse, AppError } from "@/lib/errors/app-error";
import { sandboxEnabled } from "@/lib/env";
import type { SandboxContext } from "@/lib/integrations/sandbox/sandbox-types";

export async function dispatchSandboxRequest(
  req: Request,
  input: { slug: string; path: string; baseUrl: string; now?: () => Date },
): Promise<Response> {
  if (!sandboxEnabled()) return toErrorResponse(new AppError("SANDBOX_DISABLED", "Sandboxes are disabled on this server."));
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(input.slug);
  if (!sandbox) return toErrorResponse(new AppError("NOT_FOUND", `No sandbox for ${input.slug}.`));
  const ctx: SandboxContext = {
    slug: input.slug,
    path: input.path.startsWith("/") ? input.path : `/${input.path}`,
    baseUrl: input.baseUrl,
    now: input.now ?? (() => new Date()),
  };
  try {
    return await sandbox.handle(req, ctx);
  } catch (err) {
    console.error(`[sandbox] ${input.slug} handler failed`, err);
    return sandbox.faults.serverError();
  }
}
