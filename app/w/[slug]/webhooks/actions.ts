"use server";

import { revalidatePath } from "next/cache";
import { requireWorkspace } from "@/lib/auth/workspace-guard";
import { actionError } from "@/lib/errors/action-error";
import { AppError } from "@/lib/errors/app-error";
import { loadConnection } from "@/lib/connections/load-connection";
import { roleAtLeast } from "@/lib/auth/workspace-access";
import { registerConnectionWebhook } from "@/lib/webhooks/register-webhook";
import { replayDelivery, replayFailedDeliveries } from "@/lib/webhooks/replay-deliveries";
import { setAllowedSenders } from "@/lib/webhooks/set-allowed-senders";
import { webhookSetupUrl } from "@/lib/webhooks/webhook-setup";
import { appUrl } from "@/lib/env";

export type WebhookActionState =
  { error?: string; code?: string; ok?: string; fields?: Record<string, string>; values?: Record<string, string> } | undefined;

const str = (fd: FormData, k: string) => (typeof fd.get(k) === "string" ? (fd.get(k) as string) : "");

export async function replayDeliveryAction(slug: string, id: string): Promise<WebhookActionState> {
  const access = await requireWorkspace(slug);
  try {
    await replayDelivery(access, id);
    revalidatePath(`/w/${slug}/webhooks/${id}`);
    return { ok: "Replay queued: the delivery is applied again in a moment." };
  } catch (err) {
    return actionError(err);
  }
}

/** from/to are datetime-local values in UTC (the form says so). */
export async function replayFailedAction(slug: string, _prev: WebhookActionState, fd: FormData): Promise<WebhookActionState> {
  const access = await requireWorkspace(slug);
  const values = { from: str(fd, "from"), to: str(fd, "to") };
  try {
    const from = new Date(`${values.from}Z`);
    const to = new Date(`${values.to}Z`);
    if (Number.isNaN(from.getTime()))
      throw new AppError("VALIDATION_FAILED", "Enter the start of the range.", { fields: { from: "Enter a date and time" } });
    if (Number.isNaN(to.getTime()))
      throw new AppError("VALIDATION_FAILED", "Enter the end of the range.", { fields: { to: "Enter a date and time" } });
    const n = await replayFailedDeliveries(access, { from, to });
    revalidatePath(`/w/${slug}/webhooks`);
    return { ok: n === 0 ? "No failed deliveries in that range." : `Replaying ${n} failed deliver${n === 1 ? "y" : "ies"}.`, values };
  } catch (err) {
    return { ...actionError(err), values };
  }
}

export async function reRegisterWebhookAction(slug: string, connectionId: string): Promise<WebhookActionState> {
  const access = await requireWorkspace(slug);
  try {
    if (!roleAtLeast(access.role, "admin")) throw new AppError("FORBIDDEN", "Only admins and owners can register webhooks.");
    await loadConnection(access.workspace.id, connectionId);
    const res = await registerConnectionWebhook(connectionId);
    revalidatePath(`/w/${slug}/connections/${connectionId}`);
    if (res.status === "failed")
      return { error: `The provider refused the registration: ${res.error ?? "unknown error"}`, code: "PROVIDER_ERROR" };
    return { ok: res.status === "registered" ? "Webhook registered with the provider." : "Nothing to register for this provider." };
  } catch (err) {
    return actionError(err);
  }
}

export async function setAllowedSendersAction(
  slug: string,
  connectionId: string,
  _prev: WebhookActionState,
  fd: FormData,
): Promise<WebhookActionState> {
  const access = await requireWorkspace(slug);
  const values = { cidrs: str(fd, "cidrs") };
  try {
    const list = await setAllowedSenders(access, connectionId, values.cidrs);
    revalidatePath(`/w/${slug}/connections/${connectionId}`);
    return {
      ok:
        list.length === 0
          ? "Any sender with a valid signature is accepted."
          : `Only ${list.length} sender range${list.length === 1 ? "" : "s"} may deliver now.`,
      values,
    };
  } catch (err) {
    return { ...actionError(err), values };
  }
}

/** The complete webhook URL (with its secret) to paste into the provider; admins only. */
export async function revealWebhookUrlAction(slug: string, connectionId: string): Promise<{ url?: string; error?: string; code?: string }> {
  const access = await requireWorkspace(slug);
  try {
    return { url: await webhookSetupUrl(access, connectionId, appUrl()) };
  } catch (err) {
    return actionError(err);
  }
}
