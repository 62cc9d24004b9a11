// The function config the SDK reports at sync (InngestFunction.getConfig), parsed with zod, and the list
// of options the embedded executor does not enforce, so that they are reported rather than ignored.
import { z } from "zod";
import { assertParses } from "@/inngest/executor/expressions";
import { parseDurationMs } from "@/inngest/executor/duration";

const concurrencyItem = z.object({
  limit: z.number().int().nonnegative(),
  key: z.string().optional(),
  scope: z.enum(["fn", "env", "account"]).optional(),
});

export const functionConfigSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    triggers: z.array(
      z.union([z.object({ event: z.string().min(1), expression: z.string().optional() }), z.object({ cron: z.string().min(1) })]),
    ),
    steps: z
      .object({
        step: z
          .object({
            runtime: z.object({ url: z.string().min(1) }).loose(),
            retries: z.object({ attempts: z.number().int().nonnegative() }).optional(),
          })
          .loose(),
      })
      .loose(),
    concurrency: z.union([z.number().int().nonnegative(), concurrencyItem, z.array(concurrencyItem)]).optional(),
    throttle: z
      .object({
        limit: z.number().int().positive(),
        period: z.string(),
        key: z.string().optional(),
        burst: z.number().int().nonnegative().optional(),
      })
      .optional(),
    rateLimit: z.object({ limit: z.number().int().positive(), period: z.string(), key: z.string().optional() }).optional(),
    idempotency: z.string().optional(),
    cancel: z.array(z.object({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() })).optional(),
    batchEvents: z
      .object({ maxSize: z.number().int().positive(), timeout: z.string(), key: z.string().optional(), if: z.string().optional() })
      .optional(),
    debounce: z.object({ period: z.string(), key: z.string().optional(), timeout: z.string().optional() }).optional(),
    singleton: z.object({ key: z.string().optional(), mode: z.enum(["skip", "cancel"]) }).optional(),
    priority: z.object({ run: z.string().optional() }).optional(),
  })
  .loose();

export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const inBandSyncResponseSchema = z
  .object({
    app_id: z.string().min(1),
    url: z.string().optional(),
    functions: z.array(z.unknown()),
  })
  .loose();

/** Retries default to 3 on Inngest's server (Go RetryCount), capped at 20; attempts = retries + 1. */
export function maxAttemptsOf(config: FunctionConfig): number {
  const retries = config.steps.step.retries?.attempts ?? 3;
  return Math.min(retries, 20) + 1;
}

export type Unsupported = { option: string; message: string };

// Options passed through by getConfig that this executor does not implement.
const NOT_ENFORCED: Record<string, string> = {
  timeouts: "timeouts (start/finish) are not enforced",
};

/** Priority factors are clamped to this range, as on Inngest (-600..600 seconds by default). */
export const PRIORITY_LIMIT_S = 600;

/** Everything in a config that will not behave as on Inngest, with a message naming the option. */
export function unsupportedOptions(config: FunctionConfig): Unsupported[] {
  const out: Unsupported[] = [];
  const raw = config as Record<string, unknown>;
  for (const [option, message] of Object.entries(NOT_ENFORCED)) {
    if (raw[option] !== undefined && raw[option] !== null) out.push({ option, message });
  }
  if (raw.steps && typeof raw.steps === "object" && Object.keys(raw.steps).some((k) => k !== "step")) {
    out.push({ option: "steps", message: "only the single 'step' runtime entry is supported" });
  }
  const runtimeType = (config.steps.step.runtime as Record<string, unknown>).type;
  if (runtimeType !== undefined && runtimeType !== "http") {
    out.push({ option: "runtime", message: `runtime type ${String(runtimeType)} (connect) is not supported; only http` });
  }
  const check = (option: string, expression: string | undefined) => {
    if (!expression) return;
    try {
      assertParses(expression);
    } catch (err) {
      out.push({
        option,
        message: `expression does not parse and will never match: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
      });
    }
  };
  config.triggers.forEach((t, i) => "event" in t && check(`triggers[${i}].expression`, t.expression));
  for (const c of concurrencyList(config)) {
    check("concurrency.key", c.key);
    if (c.scope === "account")
      out.push({ option: "concurrency.scope", message: "scope 'account' is treated as 'env' (one app, one environment)" });
  }
  check("throttle.key", config.throttle?.key);
  check("batchEvents.key", config.batchEvents?.key);
  check("batchEvents.if", config.batchEvents?.if);
  check("debounce.key", config.debounce?.key);
  check("singleton.key", config.singleton?.key);
  check("priority.run", config.priority?.run);
  if (config.batchEvents) {
    // Run-level options of a batched function are evaluated once per run, i.e. on the batch's first event.
    for (const other of ["debounce", "idempotency", "rateLimit", "cancel"] as const) {
      if (config[other] !== undefined) {
        out.push({
          option: `batchEvents+${other}`,
          message:
            other === "debounce"
              ? "debounce together with batchEvents: batching wins, debounce is ignored"
              : `${other} together with batchEvents applies to the batch's first event only`,
        });
      }
    }
  }
  check("rateLimit.key", config.rateLimit?.key);
  check("idempotency", config.idempotency);
  config.cancel?.forEach((c, i) => check(`cancel[${i}].if`, c.if));
  const periods: [string, string | undefined][] = [
    ["throttle.period", config.throttle?.period],
    ["rateLimit.period", config.rateLimit?.period],
    ["batchEvents.timeout", config.batchEvents?.timeout],
    ["debounce.period", config.debounce?.period],
    ["debounce.timeout", config.debounce?.timeout],
    ...(config.cancel ?? []).map((c, i): [string, string | undefined] => [`cancel[${i}].timeout`, c.timeout]),
  ];
  for (const [option, period] of periods) {
    if (!period) continue;
    try {
      parseDurationMs(period);
    } catch {
      out.push({ option, message: `invalid duration "${period}"` });
    }
  }
  return out;
}

export function concurrencyList(config: FunctionConfig): z.infer<typeof concurrencyItem>[] {
  const c = config.concurrency;
  if (c === undefined) return [];
  if (typeof c === "number") return c > 0 ? [{ limit: c }] : [];
  return (Array.isArray(c) ? c : [c]).filter((x) => x.limit > 0);
}
