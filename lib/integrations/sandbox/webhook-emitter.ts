// Sends a sandbox's signed webhooks to the registered URLs whenever its data changes, exactly as the
// provider would (each sandbox renders and signs its own deliveries), honouring the account's webhook
// faults (drop / duplicate / out-of-order) and recording every delivery.
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { createHttpClient } from "@/lib/http/http-client";
import { sandboxAllowedOrigins } from "@/lib/http/sandbox-allow-list";
import { ensureWorkspaceOAuthApp, getOpenedOAuthApp, openOAuthApp } from "@/lib/integrations/sandbox/oauth-apps";
import { openSubscription } from "@/lib/integrations/sandbox/subscriptions";
import type {
  RenderedDelivery,
  SandboxAccount,
  SandboxChange,
  SandboxWebhookSubscription,
} from "@/lib/integrations/sandbox/sandbox-types";

type Held = { account: SandboxAccount; subscription: SandboxWebhookSubscription; delivery: RenderedDelivery };

type EmitterState = {
  queues: Map<string, SandboxChange[]>;
  timer: ReturnType<typeof setTimeout> | null;
  inflight: Set<Promise<void>>;
  held: Map<string, Held[]>;
  heldTimers: Map<string, ReturnType<typeof setTimeout>>;
  /** per account, the batch being delivered: the next batch waits for it, so deliveries keep their order */
  chains: Map<string, Promise<void>>;
  extraOrigins: Set<string>;
};

const g = globalThis as unknown as { __sandboxEmitter?: EmitterState };
const state: EmitterState = (g.__sandboxEmitter ??= {
  queues: new Map(),
  timer: null,
  inflight: new Set(),
  held: new Map(),
  heldTimers: new Map(),
  chains: new Map(),
  extraOrigins: new Set(),
});

/** Changes within this window are delivered together (providers batch events). */
const BATCH_WINDOW_MS = 25;
/** An out-of-order delivery waits this long for a later one to overtake it. */
const HOLD_MS = 1_500;

/** Let the emitter reach an extra origin (a test's webhook receiver on 127.0.0.1). Tests only. */
export function allowSandboxWebhookOrigin(origin: string): void {
  state.extraOrigins.add(new URL(origin).origin);
}

export function queueChanges(accountId: string, changes: SandboxChange[]): void {
  if (changes.length === 0) return;
  const q = state.queues.get(accountId) ?? [];
  q.push(...changes);
  state.queues.set(accountId, q);
  state.timer ??= setTimeout(drain, BATCH_WINDOW_MS);
}

function drain(): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  for (const [accountId, changes] of state.queues) {
    state.queues.delete(accountId);
    // In order per account unless the out-of-order fault is on: a batch starts after the previous one.
    const previous = state.chains.get(accountId) ?? Promise.resolve();
    const next = previous.then(() => processChanges(accountId, changes));
    const settled = next.catch(() => undefined);
    state.chains.set(accountId, settled);
    void settled.then(() => {
      if (state.chains.get(accountId) === settled) state.chains.delete(accountId);
    });
    track(next);
  }
}

function track(p: Promise<void>): void {
  const wrapped = p.catch((err: unknown) => console.error("[sandbox] webhook emission failed", err));
  state.inflight.add(wrapped);
  void wrapped.finally(() => state.inflight.delete(wrapped));
}

/**
 * Deliver everything queued now and wait for it (tests, and the panel after an edit). Deliveries held
 * back by the out-of-order fault are released too unless `releaseHeld` is false (the panel keeps them,
 * so the next change overtakes them).
 */
export async function flushSandboxWebhooks(opts: { releaseHeld?: boolean } = {}): Promise<void> {
  const releaseAll = opts.releaseHeld ?? true;
  for (let i = 0; i < 50; i++) {
    if (state.queues.size > 0) drain();
    if (state.inflight.size > 0) {
      await Promise.allSettled([...state.inflight]);
      continue;
    }
    if (releaseAll && state.held.size > 0) {
      for (const accountId of [...state.held.keys()]) releaseHeld(accountId);
      continue;
    }
    if (state.queues.size === 0) return;
  }
}

async function processChanges(accountId: string, changes: SandboxChange[]): Promise<void> {
  const account = await db.sandboxAccount.findUnique({ where: { id: accountId } });
  if (!account) return;
  // Lazy: the registry imports every sandbox, and sandboxes import the record store, which imports this file.
  const { getSandbox } = await import("@/lib/integrations/sandbox/registry");
  const sandbox = getSandbox(account.provider);
  if (!sandbox?.renderWebhooks) return;
  // Account-level subscriptions, plus app-level ones of apps installed on this account.
  const installed = await db.sandboxToken.findMany({
    where: { accountId, revokedAt: null },
    distinct: ["appId"],
    select: { appId: true },
  });
  const subscriptions = await db.sandboxWebhookSubscription.findMany({
    where: {
      provider: account.provider,
      active: true,
      OR: [{ accountId }, { accountId: null, appId: { in: installed.map((t) => t.appId) } }],
    },
    include: { app: true },
    orderBy: { createdAt: "asc" },
  });
  const now = new Date();
  for (const sub of subscriptions) {
    // The subscription's app, else the app installed on the account, else the workspace's own app.
    const app = sub.app
      ? await openOAuthApp(sub.app)
      : installed[0]
        ? await getOpenedOAuthApp(installed[0].appId)
        : await ensureWorkspaceOAuthApp(sandbox, account.workspaceId);
    // Like a real provider, a subscription only hears about changes made after it existed.
    const heard = changes.filter((c) => c.occurredAt >= sub.createdAt);
    if (heard.length === 0) continue;
    const { app: _app, ...row } = sub;
    const subscription = await openSubscription(row);
    const deliveries = sandbox.renderWebhooks({ account, subscription, app, changes: heard, now });
    for (const delivery of deliveries) await dispatch({ account, subscription, delivery });
  }
}

async function dispatch(item: Held): Promise<void> {
  const { account } = item;
  if (Math.random() < account.webhookDropRate) {
    await record(item, { status: "dropped", fault: "dropped" });
    return;
  }
  if (account.webhookOutOfOrder) {
    const list = state.held.get(account.id) ?? [];
    list.push(item);
    state.held.set(account.id, list);
    if (list.length >= 2) releaseHeld(account.id);
    else if (!state.heldTimers.has(account.id)) {
      state.heldTimers.set(account.id, setTimeout(() => releaseHeld(account.id), HOLD_MS));
    }
    return;
  }
  await send(item, null);
  if (Math.random() < account.webhookDuplicateRate) await send(item, "duplicate");
}

/** Send held deliveries newest first: the receiver sees them out of order. */
function releaseHeld(accountId: string): void {
  const timer = state.heldTimers.get(accountId);
  if (timer) clearTimeout(timer);
  state.heldTimers.delete(accountId);
  const list = state.held.get(accountId) ?? [];
  state.held.delete(accountId);
  if (list.length === 0) return;
  track(
    (async () => {
      const reversed = [...list].reverse();
      for (const [i, item] of reversed.entries()) {
        await send(item, reversed.length > 1 && i < reversed.length - 1 ? "out_of_order" : null);
        if (Math.random() < item.account.webhookDuplicateRate) await send(item, "duplicate");
      }
    })(),
  );
}

async function send(item: Held, fault: string | null): Promise<void> {
  const http = createHttpClient({
    provider: `${item.account.provider}-sandbox-webhooks`,
    allowedOrigins: [...sandboxAllowedOrigins(), ...state.extraOrigins],
    timeoutMs: 10_000,
    maxRedirects: 0,
  });
  const started = Date.now();
  try {
    const res = await http.request({
      method: "POST",
      url: item.subscription.url,
      headers: item.delivery.headers,
      body: item.delivery.body,
      operation: "webhook.deliver",
    });
    await record(item, { status: "sent", responseStatus: res.status, responseBody: res.text, fault, durationMs: Date.now() - started });
  } catch (err) {
    const details = isAppError(err) ? err.details : undefined;
    const status = typeof details?.status === "number" ? details.status : null;
    const body = details?.providerError;
    await record(item, {
      status: "failed",
      responseStatus: status,
      responseBody: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body),
      error: err instanceof Error ? err.message : String(err),
      fault,
      durationMs: Date.now() - started,
    });
  }
}

async function record(
  item: Held,
  result: {
    status: "sent" | "failed" | "dropped";
    responseStatus?: number | null;
    responseBody?: string | null;
    error?: string;
    fault?: string | null;
    durationMs?: number;
  },
): Promise<void> {
  await db.sandboxWebhookDelivery.create({
    data: {
      accountId: item.account.id,
      subscriptionId: item.subscription.id,
      url: item.subscription.url,
      headers: item.delivery.headers,
      body: item.delivery.body,
      status: result.status,
      responseStatus: result.responseStatus ?? null,
      responseBody: result.responseBody?.slice(0, 4000) ?? null,
      error: result.error?.slice(0, 1000) ?? null,
      fault: result.fault ?? null,
      durationMs: result.durationMs ?? null,
    },
  });
}

// Kept here for the sandboxes and tests that import it from the emitter; it lives in subscriptions.ts.
export { createSandboxSubscription } from "@/lib/integrations/sandbox/subscriptions";
