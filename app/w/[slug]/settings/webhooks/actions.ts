"use server";

import { revalidatePath } from "next/cache";
import { requireWorkspaceRole } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, setEndpointEnabled } from "@/lib/webhooks/outbound/outbound-endpoints";
import { recoverFailedSince, resendDelivery, sendTestEvent } from "@/lib/webhooks/outbound/request-deliveries";

export type WebhookActionState =
  { error?: string; code?: string; fields?: Record<string, string>; ok?: string; secret?: string } | undefined;

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");

async function run(slug: string, fn: () => Promise<WebhookActionState>): Promise<WebhookActionState> {
  try {
    const res = await fn();
    revalidatePath(`/w/${slug}/settings/webhooks`);
    return res;
  } catch (err) {
    return actionError(err);
  }
}

export async function createEndpointAction(slug: string, _prev: WebhookActionState, fd: FormData): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(slug, async () => {
    const events = fd.getAll("eventTypes").filter((v): v is string => typeof v === "string");
    const { secret } = await createEndpoint(access, { url: str(fd, "url"), description: str(fd, "description"), eventTypes: events });
    return { ok: "Endpoint added", secret };
  });
}

export async function rotateSecretAction(slug: string, endpointId: string): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(slug, async () => ({
    ok: "New signing secret: the old one keeps signing for 24 hours",
    secret: (await rotateEndpointSecret(access, endpointId)).secret,
  }));
}

export async function toggleEndpointAction(slug: string, endpointId: string, enabled: boolean): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(
    slug,
    async () => (await setEndpointEnabled(access, endpointId, enabled), { ok: enabled ? "Endpoint enabled" : "Endpoint disabled" }),
  );
}

export async function deleteEndpointAction(slug: string, endpointId: string): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(slug, async () => (await deleteEndpoint(access, endpointId), { ok: "Endpoint deleted" }));
}

export async function testEventAction(slug: string, endpointId: string): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(slug, async () => (await sendTestEvent(access, endpointId), { ok: "Test event queued" }));
}

export async function resendAction(slug: string, deliveryId: string): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(slug, async () => (await resendDelivery(access, deliveryId), { ok: "Delivery queued again" }));
}

export async function recoverAction(slug: string, endpointId: string, sinceIso: string): Promise<WebhookActionState> {
  const access = await requireWorkspaceRole(slug, "admin");
  return run(slug, async () => {
    const since = new Date(sinceIso);
    if (Number.isNaN(since.getTime())) return { error: "Choose a valid time", code: "VALIDATION_FAILED" };
    return { ok: `${await recoverFailedSince(access, endpointId, since)} failed deliveries queued again` };
  });
}
