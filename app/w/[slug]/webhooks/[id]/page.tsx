import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PageHeader } from "@/components/workspace/page-header";
import { DeliveryStatusBadge } from "@/components/webhooks/delivery-status-badge";
import { latencyLabel } from "@/components/webhooks/deliveries-table";
import { WebhookActionButton } from "@/components/webhooks/webhook-action-button";
import { requireWorkspace, roleAtLeast } from "@/lib/auth/workspace-guard";
import { isAppError } from "@/lib/errors/app-error";
import { getDelivery, prettyPayload, type DeliveryDetail } from "@/lib/webhooks/list-deliveries";
import type { RecordObject } from "@/lib/generated/prisma/enums";
import { replayDeliveryAction } from "../actions";

export const metadata = { title: "Webhook delivery" };

const time = (iso: string | null) => (iso ? `${iso.slice(0, 19).replace("T", " ")} UTC` : "—");

/** The hub record page of a touched record, when the object has one. */
function recordHref(slug: string, kind: RecordObject | undefined, recordId: string | null): string | null {
  if (!recordId || !kind) return null;
  const path: Partial<Record<RecordObject, string>> = {
    contact: "contacts",
    order: "orders",
    product: "products",
    appointment: "appointments",
  };
  const segment = path[kind];
  return segment ? `/w/${slug}/${segment}/${recordId}` : null;
}

export default async function DeliveryPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const access = await requireWorkspace(slug);
  let d: DeliveryDetail;
  try {
    d = await getDelivery(access.workspace.id, id);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const s = access.workspace.slug;
  const canReplay = roleAtLeast(access.role, "admin") && d.status !== "received" && d.status !== "processing";
  return (
    <div className="max-w-5xl space-y-6">
      <Link href={`/w/${s}/webhooks`} className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1 text-sm">
        <ArrowLeft aria-hidden className="size-4" /> Webhooks
      </Link>
      <PageHeader
        title={d.eventType}
        description={`${d.connectionName} (${d.provider}) · received ${time(d.receivedAt)}`}
        actions={
          canReplay ? (
            <WebhookActionButton
              action={replayDeliveryAction.bind(null, s, d.id)}
              label="Replay"
              pendingLabel="Replaying…"
              testId="replay-delivery"
            />
          ) : null
        }
      />
      <Card title="Processing">
        <dl className="grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="text-muted-foreground">Status</dt>
          <dd>
            <DeliveryStatusBadge status={d.status} />{" "}
            {d.statusReason ? <span className="text-muted-foreground">{d.statusReason}</span> : null}
          </dd>
          <dt className="text-muted-foreground">Processed</dt>
          <dd>
            {time(d.processedAt)} ({latencyLabel(d.latencyMs)} after receipt)
          </dd>
          <dt className="text-muted-foreground">Attempts</dt>
          <dd>
            {d.attempts}
            {d.replayCount > 0 ? ` · replayed ${d.replayCount}×` : ""}
            {d.errorCode ? ` · error code ${d.errorCode}` : ""}
          </dd>
          <dt className="text-muted-foreground">Duplicates received</dt>
          <dd>
            {d.duplicateCount > 0 ? `${d.duplicateCount} (last ${time(d.lastDuplicateAt)}), answered 2xx and not applied again` : "none"}
          </dd>
          <dt className="text-muted-foreground">Provider event ids</dt>
          <dd className="font-mono text-xs break-all">{d.providerEventIds.join(", ") || "none (de-duplicated by body hash for 24 h)"}</dd>
          <dt className="text-muted-foreground">Event time</dt>
          <dd>{time(d.occurredAt)}</dd>
        </dl>
        {d.log.length > 0 ? (
          <ol className="border-border mt-4 space-y-1 border-t pt-3 text-sm" data-testid="delivery-log">
            {d.log.map((l, i) => (
              <li key={i} className={l.level === "error" ? "text-destructive" : l.level === "warn" ? "text-warning" : ""}>
                <span className="text-muted-foreground font-mono text-xs">{l.at.slice(11, 19)}</span> {l.message}
              </li>
            ))}
          </ol>
        ) : null}
      </Card>
      <Card title="Records touched">
        {d.touched.length === 0 ? (
          <p className="text-muted-foreground text-sm">None.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Provider record</TableHead>
                <TableHead>Switchboard record</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Outcome</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d.touched.map((t, i) => {
                const href = recordHref(s, t.hubObject, t.recordId);
                return (
                  <TableRow key={i} data-testid="touched-record">
                    <TableCell className="font-mono text-xs">
                      {t.object} {t.externalId}
                    </TableCell>
                    <TableCell>
                      {href ? (
                        <Link href={href} className="text-primary hover:underline">
                          Open
                        </Link>
                      ) : (
                        (t.recordId ?? "—")
                      )}
                    </TableCell>
                    <TableCell>{t.action}</TableCell>
                    <TableCell>
                      {t.outcome}
                      {t.message ? <span className="text-muted-foreground"> — {t.message}</span> : null}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </Card>
      <Card title="Payload" description={`${d.bodyBytes} bytes, as received`}>
        <pre className="bg-muted max-h-[32rem] overflow-auto rounded-md p-3 font-mono text-xs" tabIndex={0} data-testid="delivery-payload">
          {prettyPayload(d.rawBody)}
        </pre>
      </Card>
      <Card title="Headers" description="Secrets are replaced by [REDACTED].">
        <dl className="grid gap-1 font-mono text-xs sm:grid-cols-[16rem_1fr]">
          {Object.entries(d.headers).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted-foreground">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
