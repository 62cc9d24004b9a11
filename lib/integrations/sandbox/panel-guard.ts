// The sandbox control panel is a developer tool, but it still shows sandbox keys and lets people change
// sandbox data and faults: it exists only when sandboxes are enabled, and only for signed-in users.
// (The sandbox APIs under /sandbox/<slug>/… are not behind this: they check the provider's own auth.)
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { sandboxEnabled } from "@/lib/env";

export async function requireSandboxPanel(callbackUrl = "/sandbox"): Promise<void> {
  if (!sandboxEnabled()) notFound();
  await requireUser(callbackUrl);
}
