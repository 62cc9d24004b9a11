// A workspace's sandbox OAuth app per provider: random client id / secret (and HubSpot's developer API
// key, GoHighLevel's webhook key pairs), created on first use, sealed with the workspace data key.
// Only the sandbox framework opens them: the token endpoint, webhook signing, the panel (members only).
import { generateKeyPairSync, createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { openSecret, sealSecret, type SealScope } from "@/lib/crypto/seal-secret";
import type { ProviderSandbox, SandboxOAuthApp, SandboxOAuthAppRow } from "@/lib/integrations/sandbox/sandbox-types";
import { credentialHash, isUniqueViolation, secureRandom } from "@/lib/integrations/sandbox/secure-random";

function appScope(app: Pick<SandboxOAuthAppRow, "workspaceId" | "id">): SealScope {
  return { workspaceId: app.workspaceId, ownerId: app.id, purpose: "sandbox_secret" };
}

const signingKeysSchema = z.record(z.string(), z.string());
const publicKeysSchema = z.record(z.string(), z.string());

function newKeyPair(kind: "ed25519" | "rsa"): { privatePem: string; publicPem: string } {
  const pair = kind === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privatePem: pair.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicPem: pair.publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
}

/** The app with its secrets opened. */
export async function openOAuthApp(row: SandboxOAuthAppRow): Promise<SandboxOAuthApp> {
  const scope = appScope(row);
  const clientSecret = String(await openSecret(scope, row.clientSecretSealed));
  const developerApiKey = row.developerApiKeySealed ? String(await openSecret(scope, row.developerApiKeySealed)) : null;
  const signingKeys: Record<string, KeyObject> = {};
  if (row.signingKeysSealed) {
    const pems = signingKeysSchema.parse(await openSecret(scope, row.signingKeysSealed));
    for (const [kind, pem] of Object.entries(pems)) signingKeys[kind] = createPrivateKey(pem);
  }
  const { clientSecretSealed: _c, developerApiKeySealed: _d, signingKeysSealed: _s, ...rest } = row;
  return { ...rest, clientSecret, developerApiKey, signingKeys };
}

/** The workspace's app for this provider, created (with random credentials) on first use. Null for non-OAuth sandboxes. */
export async function ensureWorkspaceOAuthApp(sandbox: ProviderSandbox, workspaceId: string): Promise<SandboxOAuthApp | null> {
  const spec = sandbox.oauthApp;
  if (!spec) return null;
  const where = { workspaceId_provider: { workspaceId, provider: sandbox.slug } };
  const existing = await db.sandboxOAuthApp.findUnique({ where });
  if (existing) return openOAuthApp(existing);
  for (let attempt = 0; ; attempt++) {
    const id = randomUUID();
    const scope = appScope({ workspaceId, id });
    const creds = spec.newCredentials(secureRandom);
    const pairs = (sandbox.webhookKeyPairs ?? []).map((kind) => [kind, newKeyPair(kind)] as const);
    try {
      const row = await db.sandboxOAuthApp.create({
        data: {
          id,
          workspaceId,
          provider: sandbox.slug,
          name: spec.name,
          clientId: creds.clientId,
          clientSecretSealed: await sealSecret(scope, creds.clientSecret),
          appExternalId: creds.appExternalId,
          developerApiKeyHash: creds.developerApiKey ? credentialHash(creds.developerApiKey) : null,
          developerApiKeySealed: creds.developerApiKey ? await sealSecret(scope, creds.developerApiKey) : null,
          signingKeysSealed: pairs.length ? await sealSecret(scope, Object.fromEntries(pairs.map(([k, p]) => [k, p.privatePem]))) : null,
          ...(pairs.length ? { webhookPublicKeys: Object.fromEntries(pairs.map(([k, p]) => [k, p.publicPem])) } : {}),
        },
      });
      return openOAuthApp(row);
    } catch (err) {
      const again = await db.sandboxOAuthApp.findUnique({ where });
      if (again) return openOAuthApp(again);
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

export async function findSandboxOAuthApp(slug: string, clientId: string): Promise<SandboxOAuthApp | null> {
  const row = clientId ? await db.sandboxOAuthApp.findUnique({ where: { clientId } }) : null;
  return row && row.provider === slug ? openOAuthApp(row) : null;
}

/** HubSpot's developer API key (hapikey) -> its app, by hash. */
export async function findSandboxOAuthAppByDeveloperKey(slug: string, developerApiKey: string): Promise<SandboxOAuthApp | null> {
  const row = developerApiKey ? await db.sandboxOAuthApp.findUnique({ where: { developerApiKeyHash: credentialHash(developerApiKey) } }) : null;
  return row && row.provider === slug ? openOAuthApp(row) : null;
}

export async function getOpenedOAuthApp(id: string): Promise<SandboxOAuthApp | null> {
  const row = await db.sandboxOAuthApp.findUnique({ where: { id } });
  return row ? openOAuthApp(row) : null;
}

/** The public webhook keys (PEM by scheme) of a workspace's sandbox for a provider, when it signs with key pairs. */
export async function workspaceWebhookPublicKeys(sandbox: ProviderSandbox, workspaceId: string): Promise<Record<string, string> | null> {
  if (!sandbox.webhookKeyPairs?.length) return null;
  const app = await ensureWorkspaceOAuthApp(sandbox, workspaceId);
  const parsed = publicKeysSchema.safeParse(app?.webhookPublicKeys);
  return parsed.success ? parsed.data : null;
}

export async function workspaceOAuthClient(sandbox: ProviderSandbox, workspaceId: string): Promise<{ clientId: string; clientSecret: string } | null> {
  const app = await ensureWorkspaceOAuthApp(sandbox, workspaceId);
  return app ? { clientId: app.clientId, clientSecret: app.clientSecret } : null;
}

const redirectUriSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "Enter an absolute http(s) URL without a fragment or credentials");

/** Replace the extra redirect URIs a workspace registered for its sandbox app (at most 10). */
export async function setSandboxRedirectUris(workspaceId: string, appId: string, uris: readonly string[]): Promise<string[]> {
  const parsed = z.array(redirectUriSchema).max(10).parse(uris.filter((u) => u.trim() !== ""));
  const unique = [...new Set(parsed)];
  const res = await db.sandboxOAuthApp.updateMany({ where: { id: appId, workspaceId }, data: { redirectUris: unique } });
  if (res.count === 0) throw new AppError("NOT_FOUND", "No such sandbox app in this workspace.");
  return unique;
}
