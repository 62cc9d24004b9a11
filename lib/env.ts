// The only reader of process.env. Everything configurable is parsed here with zod, once, lazily
// (never at module load: `next build` imports route modules and must not touch .data/).
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  APP_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  PGLITE_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, "MASTER_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)")
    .optional(),
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY_FALLBACK: z.string().min(1).optional(),
  INNGEST_BASE_URL: z.url().optional(),
  EMBEDDED_EXECUTOR_SIGNING_KEY: z.string().min(1).optional(),
  SANDBOX_ENABLED: boolish,
  /** smtp://user:pass@host:587 or smtps://…; unset: mail goes to the local mailbox (/mailbox) */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL").optional(),
  /** the From: header of every mail */
  MAIL_FROM: z.string().min(3).default("Switchboard <switchboard@localhost>"),
  /** how many reverse proxies in front of the app append to X-Forwarded-For (0: none, the peer is the client) */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** bearer token for GET /api/metrics (Prometheus); unset: the endpoint answers 404 */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** set by Next.js while it builds; nothing is served then */
  NEXT_PHASE: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** a connection whose token refresh keeps failing this long turns needs_reauth */
  TOKEN_REFRESH_REAUTH_AFTER_MINUTES: z.coerce.number().int().min(0).default(60),
  /**
   * comma-separated origins outbound webhooks may reach although the SSRF guard refuses their address (a
   * receiver on this machine in development and e2e); empty in production
   */
  OUTBOUND_WEBHOOK_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: "OUTBOUND_WEBHOOK_ALLOWED_ORIGINS lists origins such as http://127.0.0.1:4000" }))),
  /** how long one call to a provider's API may take before it counts as a transient failure (retried) */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /**
   * the embedded executor's retry delays (15 s, 30 s, 1 m, … plus jitter) times this factor; below 1 a
   * failing step gives up sooner (e2e uses 0.01 so a provider outage fails a run in seconds)
   */
  EXECUTOR_BACKOFF_SCALE: z.coerce.number().min(0).max(10).default(1),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

let cached: Env | undefined;

/** Parsed, validated environment. Throws an EnvError naming every bad variable. */
export function env(): Env {
  if (cached) return cached;
  // An empty variable (as in a copied .env.example) means "not set".
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
  secrets.clear();
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().DATA_DIR);
}

export type DatabaseTarget = { kind: "pg"; url: string } | { kind: "pglite"; dir: string };

export function databaseTarget(): DatabaseTarget {
  const e = env();
  if (e.DATABASE_URL) return { kind: "pg", url: e.DATABASE_URL };
  const dir = e.PGLITE_DIR ?? path.join(dataDir(), "pglite");
  return { kind: "pglite", dir: dir.startsWith("memory://") ? dir : path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir) };
}

export function appUrl(): string {
  const e = env();
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}

/** Which background-job mode runs: Inngest (Cloud or self-hosted) when keys are set, else embedded. */
export function jobsMode(): "inngest" | "embedded" {
  const e = env();
  return e.INNGEST_SIGNING_KEY && e.INNGEST_EVENT_KEY ? "inngest" : "embedded";
}

/**
 * Provider sandboxes: SANDBOX_ENABLED=true/false decides; unset, they are on in the embedded default
 * (PGlite, whatever NODE_ENV: `npm start` included) and in tests, and off in a scale-out deployment
 * (DATABASE_URL set). Off means gone: /sandbox/* answers 404, no panel, no nav link, no sandbox environment.
 */
export function sandboxEnabled(): boolean {
  const e = env();
  if (e.SANDBOX_ENABLED !== undefined) return e.SANDBOX_ENABLED;
  return e.NODE_ENV === "test" || !e.DATABASE_URL;
}

const secrets = new Map<string, string>();

/**
 * A secret from the environment or, when the environment does not provide it, from a file under
 * DATA_DIR generated on first use. Local installs then work with no .env; a scale-out deployment sets
 * the variable so that every instance shares it.
 */
function localSecret(
  name: "auth-secret" | "master-key" | "executor-signing-key",
  fromEnv: string | undefined,
  generate: () => string = () => randomBytes(32).toString("base64"),
): string {
  if (fromEnv) return fromEnv;
  const hit = secrets.get(name);
  if (hit) return hit;
  const dir = dataDir();
  const file = path.join(dir, name);
  let value: string;
  if (existsSync(file)) {
    chmodSync(file, 0o600); // files written by older versions may be world-readable
    value = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    value = generate();
    writeFileSync(file, value + "\n", { mode: 0o600 });
    const variable = { "auth-secret": "AUTH_SECRET", "master-key": "MASTER_KEY", "executor-signing-key": "EMBEDDED_EXECUTOR_SIGNING_KEY" }[name];
    console.info(
      `[switchboard] generated a local ${variable} into ${file} (set ${variable} in the environment to use your own` +
        `${env().DATABASE_URL ? "; every instance sharing this database must use the same value" : ""})`,
    );
  }
  secrets.set(name, value);
  return value;
}

export function authSecret(): string {
  return localSecret("auth-secret", env().AUTH_SECRET);
}

/** The 32-byte master key that wraps every workspace data key. */
export function masterKey(): Buffer {
  return Buffer.from(localSecret("master-key", env().MASTER_KEY), "base64");
}

/**
 * The OAuth app for live connections of a provider: OAUTH_<SLUG>_CLIENT_ID and OAUTH_<SLUG>_CLIENT_SECRET
 * (slug upper-cased, dashes as underscores). Null when either is missing: live OAuth is then unavailable.
 */
export function oauthClientFromEnv(slug: string): { clientId: string; clientSecret: string } | null {
  const prefix = `OAUTH_${slug.toUpperCase().replace(/-/g, "_")}_`;
  const parsed = z
    .object({ clientId: z.string().trim().min(1), clientSecret: z.string().trim().min(1) })
    .safeParse({ clientId: process.env[`${prefix}CLIENT_ID`], clientSecret: process.env[`${prefix}CLIENT_SECRET`] });
  return parsed.success ? parsed.data : null;
}

/**
 * The key the embedded executor signs its calls with, and the serve route verifies them with, so that
 * nobody else can drive /api/inngest. From the environment, else generated into DATA_DIR like the other
 * local secrets. Undefined while `next build` runs (nothing is served then) and in tests, which set it
 * explicitly where they exercise signing.
 */
export function embeddedExecutorSigningKey(): string | undefined {
  const e = env();
  if (e.EMBEDDED_EXECUTOR_SIGNING_KEY) return e.EMBEDDED_EXECUTOR_SIGNING_KEY;
  if (e.NEXT_PHASE === "phase-production-build" || e.NODE_ENV === "test") return undefined;
  return localSecret("executor-signing-key", undefined, () => `signkey-local-${randomBytes(32).toString("hex")}`);
}
