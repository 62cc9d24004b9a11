// Reading the inbox, always within one workspace: the list (filters, newest first), one delivery with
// its payload, headers, processing log and records, and per connection the last deliveries, the success
// rate and what the receiver refused.
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { LogEntry, TouchedRecord } from "@/lib/webhooks/process-deliveries";

export const deliveryStatuses = ["received", "processing", "processed", "skipped", "failed"] as const;
const SINCE_MS = { "1h": 3600_000, "24h": 86400_000, "7d": 7 * 86400_000, "30d": 30 * 86400_000 } as const;

export const deliveryFiltersSchema = z.object({
  connection: z.string().max(40).optional().catch(undefined),
  status: z.enum(deliveryStatuses).optional().catch(undefined),
  since: z.enum(["1h", "24h", "7d", "30d"]).optional().catch(undefined),
  type: z.string().trim().max(80).optional().catch(undefined),
});
export type DeliveryFilters = z.infer<typeof deliveryFiltersSchema>;

export type DeliveryRow = {
  id: string;
  provider: string;
  connectionId: string;
  connectionName: string;
  eventType: string;
  status: (typeof deliveryStatuses)[number];
  statusReason: string | null;
  receivedAt: string;
  processedAt: string | null;
  latencyMs: number | null;
  duplicateCount: number;
  attempts: number;
  replayCount: number;
};

const rowSelect = {
  id: true,
  provider: true,
  connectionId: true,
  eventType: true,
  status: true,
  statusReason: true,
  receivedAt: true,
  processedAt: true,
  duplicateCount: true,
  attempts: true,
  replayCount: true,
  connection: { select: { name: true } },
} satisfies Prisma.WebhookDeliverySelect;

function toRow(r: Prisma.WebhookDeliveryGetPayload<{ select: typeof rowSelect }>): DeliveryRow {
  return {
    id: r.id,
    provider: r.provider,
    connectionId: r.connectionId,
    connectionName: r.connection.name,
    eventType: r.eventType,
    status: r.status,
    statusReason: r.statusReason,
    receivedAt: r.receivedAt.toISOString(),
    processedAt: r.processedAt?.toISOString() ?? null,
    latencyMs: r.processedAt ? r.processedAt.getTime() - r.receivedAt.getTime() : null,
    duplicateCount: r.duplicateCount,
    attempts: r.attempts,
    replayCount: r.replayCount,
  };
}

export async function listDeliveries(workspaceId: string, filters: DeliveryFilters, now = new Date(), take = 100): Promise<DeliveryRow[]> {
  const rows = await db.webhookDelivery.findMany({
    where: {
      workspaceId,
      ...(filters.connection ? { connectionId: filters.connection } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.type ? { eventType: { contains: filters.type, mode: "insensitive" as const } } : {}),
      ...(filters.since ? { receivedAt: { gte: new Date(now.getTime() - SINCE_MS[filters.since]) } } : {}),
    },
    select: rowSelect,
    orderBy: { receivedAt: "desc" },
    take,
  });
  return rows.map(toRow);
}

export type DeliveryDetail = DeliveryRow & {
  providerEventIds: string[];
  rawBody: string;
  bodyBytes: number;
  headers: Record<string, string>;
  log: LogEntry[];
  touched: TouchedRecord[];
  occurredAt: string | null;
  errorCode: string | null;
  lastDuplicateAt: string | null;
};

export async function getDelivery(workspaceId: string, id: string): Promise<DeliveryDetail> {
  const r = await db.webhookDelivery.findFirst({
    where: { id, workspaceId },
    select: {
      ...rowSelect,
      providerEventIds: true,
      rawBody: true,
      bodyBytes: true,
      headers: true,
      log: true,
      touched: true,
      occurredAt: true,
      errorCode: true,
      lastDuplicateAt: true,
    },
  });
  if (!r) throw new AppError("NOT_FOUND", "No such delivery in this workspace.");
  return {
    ...toRow(r),
    providerEventIds: r.providerEventIds,
    rawBody: r.rawBody,
    bodyBytes: r.bodyBytes,
    headers: (r.headers ?? {}) as Record<string, string>,
    log: (Array.isArray(r.log) ? r.log : []) as unknown as LogEntry[],
    touched: (Array.isArray(r.touched) ? r.touched : []) as unknown as TouchedRecord[],
    occurredAt: r.occurredAt?.toISOString() ?? null,
    errorCode: r.errorCode,
    lastDuplicateAt: r.lastDuplicateAt?.toISOString() ?? null,
  };
}

/** The payload for people: JSON indented, a form body as JSON, anything else (XML) as received. */
export function prettyPayload(rawBody: string): string {
  try {
    return JSON.stringify(JSON.parse(rawBody), null, 2);
  } catch {
    if (/^[^<{\s][^\s]*=/.test(rawBody)) return JSON.stringify(Object.fromEntries(new URLSearchParams(rawBody)), null, 2);
    return rawBody;
  }
}

export type ConnectionWebhookSummary = {
  recent: DeliveryRow[];
  /** of the last 24 h's finished deliveries, the share processed or skipped (not failed); null when none */
  successRate: number | null;
  finished24h: number;
  failed24h: number;
  signatureFailures: number;
  ipRejections: number;
  lastRejected: { at: string; code: string | null; reason: string | null } | null;
  allowedCidrs: string[];
  registration: { status: string; targetUrl: string | null; error: string | null; at: string | null };
  previousSecretUntil: string | null;
};

export async function connectionWebhookSummary(
  workspaceId: string,
  connectionId: string,
  now = new Date(),
): Promise<ConnectionWebhookSummary> {
  const since = new Date(now.getTime() - 86400_000);
  const [recent, groups, endpoint] = await Promise.all([
    db.webhookDelivery.findMany({ where: { workspaceId, connectionId }, select: rowSelect, orderBy: { receivedAt: "desc" }, take: 10 }),
    db.webhookDelivery.groupBy({
      by: ["status"],
      where: { workspaceId, connectionId, receivedAt: { gte: since } },
      _count: { _all: true },
    }),
    db.webhookEndpoint.findFirst({ where: { connectionId, workspaceId } }),
  ]);
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const finished = count("processed") + count("skipped") + count("failed");
  return {
    recent: recent.map(toRow),
    successRate: finished > 0 ? (count("processed") + count("skipped")) / finished : null,
    finished24h: finished,
    failed24h: count("failed"),
    signatureFailures: endpoint?.signatureFailures ?? 0,
    ipRejections: endpoint?.ipRejections ?? 0,
    lastRejected: endpoint?.lastRejectedAt
      ? { at: endpoint.lastRejectedAt.toISOString(), code: endpoint.lastRejectedCode, reason: endpoint.lastRejectedReason }
      : null,
    allowedCidrs: endpoint?.allowedCidrs ?? [],
    registration: {
      status: endpoint?.registrationStatus ?? "not_needed",
      targetUrl: endpoint?.registrationTargetUrl ?? null,
      error: endpoint?.registrationError ?? null,
      at: endpoint?.registeredAt?.toISOString() ?? null,
    },
    previousSecretUntil:
      endpoint?.previousSecretUntil && endpoint.previousSecretUntil > now ? endpoint.previousSecretUntil.toISOString() : null,
  };
}
