// Entry point for every sandbox request, shared by the Next route (app/sandbox/[slug]/[...path]) and the
// test server: off unless sandboxEnabled(), then the provider's sandbox from the sandbox registry, with
// the request body read bounded (413 past SANDBOX_MAX_BODY_BYTES, without buffering the rest).
import { toErrorResponse, AppError, isAppError } from "@/lib/errors/app-error";
import { sandboxEnabled } from "@/lib/env";
import { withBoundedBody } from "@/lib/integrations/sandbox/read-body";
import type { SandboxContext } from "@/lib/integrations/sandbox/sandbox-types";

export async function dispatchSandboxRequest(
  req: Request,
  input: { slug: string; path: string; baseUrl: string; now?: () => Date; viewer?: () => Promise<string | null>; maxBodyBytes?: number },
): Promise<Response> {
  if (!sandboxEnabled()) return toErrorResponse(new AppError("SANDBOX_DISABLED", "Sandboxes are disabled on this server."));
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(input.slug);
  if (!sandbox) return toErrorResponse(new AppError("NOT_FOUND", `No sandbox for ${input.slug}.`));
  let bounded: Request;
  try {
    bounded = await withBoundedBody(req, input.maxBodyBytes);
  } catch (err) {
    if (isAppError(err)) return toErrorResponse(err);
    throw err;
  }
  const ctx: SandboxContext = {
    slug: input.slug,
    path: input.path.startsWith("/") ? input.path : `/${input.path}`,
    baseUrl: input.baseUrl,
    now: input.now ?? (() => new Date()),
    ...(input.viewer ? { viewer: input.viewer } : {}),
  };
  try {
    return await sandbox.handle(bounded, ctx);
  } catch (err) {
    console.error(`[sandbox] ${input.slug} handler failed`, err);
    return sandbox.faults.serverError();
  }
}
