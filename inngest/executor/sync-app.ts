// In-band sync: PUT the serve URL with x-inngest-sync-kind: in_band; the SDK answers with the app's
// whole function config, which is stored in executor_functions. Options the executor does not enforce
// are logged with a warning naming the function and option, and stored for read-runs to show.
import canonicalize from "canonicalize";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ExecutorContext } from "@/inngest/executor/executor-context";
import {
  functionConfigSchema,
  inBandSyncResponseSchema,
  unsupportedOptions,
  type FunctionConfig,
  type Unsupported,
} from "@/inngest/executor/function-config";
import { invalidateFunctions } from "@/inngest/executor/function-registry";
import { json } from "@/inngest/executor/run-state";
import { signBody, verifySignature } from "@/inngest/executor/signing";
import { scheduleHousekeeping } from "@/inngest/executor/prune-history";
import { scheduleCron } from "@/inngest/executor/timers";
import type { Transport } from "@/inngest/executor/transport";

export type SyncResult = { appId: string; functions: { id: string; unsupported: Unsupported[] }[] };

export async function syncApp(deps: {
  ctx: ExecutorContext;
  transport: Transport;
  signingKey: string | undefined;
  serveUrl: string;
}): Promise<SyncResult> {
  const { ctx, transport, signingKey, serveUrl } = deps;
  const body = canonicalize({ url: serveUrl }) as string;
  const headers: Record<string, string> = { "content-type": "application/json", "x-inngest-sync-kind": "in_band" };
  if (signingKey) headers["x-inngest-signature"] = signBody(body, signingKey, Date.now());
  const res = await transport.request("PUT", serveUrl, headers, body);
  if (res.status !== 200) {
    throw new AppError("CONNECTION_FAILED", `In-band sync of ${serveUrl} failed with HTTP ${res.status}`, { status: res.status });
  }
  if (signingKey && !verifySignature(res.body, res.headers.get("x-inngest-signature"), signingKey, Date.now())) {
    throw new AppError("CONNECTION_FAILED", `In-band sync response from ${serveUrl} has a missing or invalid signature`);
  }
  if (res.headers.get("x-inngest-sync-kind") !== "in_band") {
    throw new AppError("CONNECTION_FAILED", `${serveUrl} did not answer with an in-band sync (is INNGEST_ALLOW_IN_BAND_SYNC=false?)`);
  }
  const parsed = inBandSyncResponseSchema.parse(JSON.parse(res.body));
  const now = ctx.clock();
  const result: SyncResult = { appId: parsed.app_id, functions: [] };
  const rows: { cfg: FunctionConfig; raw: unknown; unsupported: Unsupported[] }[] = [];
  for (const raw of parsed.functions) {
    const cfg = functionConfigSchema.safeParse(raw);
    if (!cfg.success) {
      const id = raw && typeof raw === "object" && "id" in raw ? String((raw as { id: unknown }).id) : "?";
      ctx.log.warn(`function ${id}: config not understood by the embedded executor, not registered: ${cfg.error.message}`);
      continue;
    }
    const unsupported = unsupportedOptions(cfg.data);
    for (const u of unsupported)
      ctx.log.warn(`function ${cfg.data.id}: option ${u.option} NOT ENFORCED by the embedded executor: ${u.message}`);
    result.functions.push({ id: cfg.data.id, unsupported });
    rows.push({ cfg: cfg.data, raw, unsupported });
  }
  await db.$transaction(async (tx) => {
    const ids = rows.map((r) => r.cfg.id);
    await tx.executorFunction.deleteMany({ where: { id: { notIn: ids } } });
    for (const { cfg, raw, unsupported } of rows) {
      const data = {
        appId: parsed.app_id,
        name: cfg.name ?? cfg.id,
        url: cfg.steps.step.runtime.url,
        config: json(raw),
        unsupported: json(unsupported),
        syncedAt: new Date(now),
      };
      await tx.executorFunction.upsert({ where: { id: cfg.id }, create: { id: cfg.id, ...data }, update: data });
    }
    // Cron ticks of functions or schedules that no longer exist are dropped; current ones are scheduled.
    const crons = rows.flatMap(({ cfg }) => cfg.triggers.flatMap((t) => ("cron" in t ? [{ functionId: cfg.id, cron: t.cron }] : [])));
    const existing = await tx.executorQueueItem.findMany({ where: { kind: "cron" }, select: { id: true, payload: true } });
    const stale = existing.filter((e) => {
      const p = e.payload as { functionId: string; cron: string };
      return !crons.some((c) => c.functionId === p.functionId && c.cron === p.cron);
    });
    if (stale.length > 0) await tx.executorQueueItem.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
    for (const c of crons) {
      const already = existing.some((e) => {
        const p = e.payload as { functionId: string; cron: string };
        return p.functionId === c.functionId && p.cron === c.cron;
      });
      if (!already) await scheduleCron(tx, ctx, c.functionId, c.cron, now);
    }
    // The executor's own daily housekeeping (pruning its history), once.
    const housekeeping = await tx.executorQueueItem.count({ where: { kind: "housekeeping" } });
    if (housekeeping === 0) await scheduleHousekeeping(tx, ctx, now);
  });
  invalidateFunctions();
  ctx.log.info(`synced app ${parsed.app_id}: ${result.functions.length} function(s)`);
  return result;
}
