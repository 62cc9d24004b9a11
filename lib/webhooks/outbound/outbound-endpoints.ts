// A workspace's outbound webhook endpoints: URL checked by the SSRF guard, event filter, signing secret
// sealed at rest and shown once, rotation with an overlap in which both secrets sign.
import { z } from "zod";
import { assertAllowed, type Principal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import type { OutboundEndpoint } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors/app-error";
import { guardUrl, type SsrfPolicy } from "@/lib/http/ssrf-guard";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { outboundEventTypeSchema, ROTATION_OVERLAP_MS } from "@/lib/webhooks/outbound/outbound-event-types";
import { newSigningSecret } from "@/lib/webhooks/outbound/sign-outbound";
import { outboundSsrfPolicy } from "@/lib/webhooks/outbound/outbound-ssrf-policy";

export const endpointInputSchema = z.object({
  url: z.url({ message: "Enter a full URL (https://…)" }).max(2000),
  description: z.string().trim().max(200).default(""),
  eventTypes: z.array(outboundEventTypeSchema).max(50).default([]),
});

export type EndpointDto = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  rotationEndsAt: string | null;
  createdAt: string;
};

export function assertCanManageWebhooks(p: Principal): void {
  assertAllowed(p, { role: "admin", scope: "webhooks:write" }, "Only a workspace admin or owner can manage webhooks");
}

export const secretScope = (workspaceId: string, endpointId: string) => ({
  workspaceId,
  ownerId: endpointId,
  purpose: "webhook_secret" as const,
});

export async function createEndpoint(
  p: Principal,
  raw: { url: string; description?: string | undefined; eventTypes?: readonly string[] | undefined },
  ssrf: SsrfPolicy = outboundSsrfPolicy(),
): Promise<{ endpoint: EndpointDto; secret: string }> {
  assertCanManageWebhooks(p);
  const input = endpointInputSchema.parse(raw);
  await guardUrl(new URL(input.url), ssrf);
  const secret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.outboundEndpoint.create({
      data: {
        workspaceId: p.workspace.id,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretSealed: "pending",
      },
    });
    return tx.outboundEndpoint.update({
      where: { id: created.id },
      data: { secretSealed: await sealSecret(secretScope(p.workspace.id, created.id), secret, tx) },
    });
  });
  return { endpoint: toDto(row), secret };
}

/** A new secret, returned once; the previous one keeps signing for ROTATION_OVERLAP_MS. */
export async function rotateEndpointSecret(
  p: Principal,
  endpointId: string,
  now = new Date(),
): Promise<{ secret: string; previousValidUntil: string }> {
  assertCanManageWebhooks(p);
  const ep = await db.outboundEndpoint.findFirst({ where: { id: endpointId, workspaceId: p.workspace.id } });
  if (!ep) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist");
  const secret = newSigningSecret();
  const until = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await db.outboundEndpoint.update({
    where: { id: ep.id },
    data: {
      previousSecretSealed: ep.secretSealed,
      previousSecretExpiresAt: until,
      secretSealed: await sealSecret(secretScope(p.workspace.id, ep.id), secret),
    },
  });
  return { secret, previousValidUntil: until.toISOString() };
}

export async function listEndpoints(p: Principal): Promise<EndpointDto[]> {
  assertCanManageWebhooks(p);
  return (await db.outboundEndpoint.findMany({ where: { workspaceId: p.workspace.id }, orderBy: { createdAt: "asc" }, take: 100 })).map(
    toDto,
  );
}

export async function setEndpointEnabled(p: Principal, endpointId: string, enabled: boolean): Promise<void> {
  assertCanManageWebhooks(p);
  const res = await db.outboundEndpoint.updateMany({
    where: { id: endpointId, workspaceId: p.workspace.id },
    data: enabled
      ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }
      : { enabled: false, disabledAt: new Date(), disabledReason: "Disabled by a person" },
  });
  if (res.count === 0) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist");
}

export async function deleteEndpoint(p: Principal, endpointId: string): Promise<void> {
  assertCanManageWebhooks(p);
  const res = await db.outboundEndpoint.deleteMany({ where: { id: endpointId, workspaceId: p.workspace.id } });
  if (res.count === 0) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist");
}

function toDto(r: OutboundEndpoint): EndpointDto {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.eventTypes,
    enabled: r.enabled,
    disabledReason: r.disabledReason,
    failingSince: r.failingSince?.toISOString() ?? null,
    rotationEndsAt: r.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
