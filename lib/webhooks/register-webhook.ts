// Providers with a webhook API (registration "api"): connecting registers Switchboard's per-connection
// URL and secret with the provider (sandbox and live alike), removing the connection unregisters it, and
// the connection page can register again. The outcome is kept on the connection's webhook endpoint row
// (registered / failed with the provider's error / unregistered). Providers configured once per OAuth app
// or by hand need nothing here ("not_needed").
import { db } from "@/lib/db/client";
import type { Connection } from "@/lib/generated/prisma/client";
import { buildConnectionContext } from "@/lib/connections/build-connection-context";
import { providerOf } from "@/lib/connections/load-connection";
import { webhookUrl } from "@/lib/connections/rotate-webhook-secret";
import { openWebhookSecret } from "@/lib/connections/webhook-secret";
import { appUrl } from "@/lib/env";
import { isContractV2, type ProviderClient } from "@/lib/integrations/types";

export type RegistrationOutcome = { status: "registered" | "failed" | "not_needed" | "unregistered"; error?: string };

async function clientOf(connection: Connection): Promise<ProviderClient | null> {
  const def = providerOf(connection);
  if (!isContractV2(def) || def.webhook.registration !== "api") return null;
  return def.createClient((await buildConnectionContext(connection)) as Parameters<typeof def.createClient>[0]);
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/** Registers (again) the connection's webhook target; a previous registration is removed first. Never throws. */
export async function registerConnectionWebhook(
  connectionId: string,
  opts: { client?: ProviderClient } = {},
): Promise<RegistrationOutcome> {
  const connection = await db.connection.findUnique({ where: { id: connectionId } });
  if (!connection) return { status: "failed", error: "The connection no longer exists" };
  const base = { connectionId: connection.id, workspaceId: connection.workspaceId };
  let client: ProviderClient | null;
  try {
    client = opts.client ?? (await clientOf(connection));
  } catch (err) {
    const error = message(err);
    await db.webhookEndpoint.upsert({
      where: { connectionId },
      create: { ...base, registrationStatus: "failed", registrationError: error },
      update: { registrationStatus: "failed", registrationError: error },
    });
    return { status: "failed", error };
  }
  if (!client?.webhooks) {
    await db.webhookEndpoint.upsert({
      where: { connectionId },
      create: { ...base, registrationStatus: "not_needed" },
      update: { registrationStatus: "not_needed" },
    });
    return { status: "not_needed" };
  }
  const previous = await db.webhookEndpoint.findUnique({ where: { connectionId } });
  const targetUrl = webhookUrl(appUrl(), connection.provider, connection.id);
  try {
    if (previous?.registrationExternalId) await client.webhooks.unregister(previous.registrationExternalId);
    const secret = await openWebhookSecret(connection);
    if (!secret) throw new Error("The connection has no webhook secret");
    const { externalId } = await client.webhooks.register({ targetUrl, secret });
    const data = {
      registrationStatus: "registered" as const,
      registrationExternalId: externalId,
      registrationTargetUrl: targetUrl,
      registrationError: null,
      registeredAt: new Date(),
    };
    await db.webhookEndpoint.upsert({ where: { connectionId }, create: { ...base, ...data }, update: data });
    return { status: "registered" };
  } catch (err) {
    const error = message(err);
    const data = { registrationStatus: "failed" as const, registrationError: error, registrationTargetUrl: targetUrl };
    await db.webhookEndpoint.upsert({ where: { connectionId }, create: { ...base, ...data }, update: data });
    return { status: "failed", error };
  }
}

/** Removes the provider-side registration (before the connection is deleted). Best effort; never throws. */
export async function unregisterConnectionWebhook(
  connection: Connection,
  opts: { client?: ProviderClient } = {},
): Promise<RegistrationOutcome> {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { connectionId: connection.id } });
  if (!endpoint?.registrationExternalId) return { status: "not_needed" };
  try {
    const client = opts.client ?? (await clientOf(connection));
    if (client?.webhooks) await client.webhooks.unregister(endpoint.registrationExternalId);
    await db.webhookEndpoint.update({
      where: { connectionId: connection.id },
      data: { registrationStatus: "unregistered", registrationExternalId: null, registrationError: null },
    });
    return { status: "unregistered" };
  } catch (err) {
    return { status: "failed", error: message(err) };
  }
}
