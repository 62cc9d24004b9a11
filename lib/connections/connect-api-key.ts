// Connect with an API key: the template's zod schemas parse config and credentials (CONFIG_SCHEMA_INVALID
// naming the field), the provider's verify call must succeed (INVALID_CREDENTIALS / CONNECTION_FAILED),
// and only then are the secrets sealed and the connection saved as active. A failure saves nothing.
import { ulid } from "@/lib/ids/ulid";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import type { WorkspaceAccess } from "@/lib/auth/workspace-access";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { AppError } from "@/lib/errors/app-error";
import { getProvider } from "@/lib/integrations/registry";
import type { VerifiedAccount } from "@/lib/integrations/types";
import { assembleContext } from "@/lib/connections/assemble-context";
import { configSchemaInvalid, verifyFailure } from "@/lib/connections/connection-errors";
import { connectApiKeyInputSchema, type ConnectApiKeyInput } from "@/lib/connections/connection-input";
import { availableEnvironments } from "@/lib/connections/available-environments";
import { assertAllowed } from "@/lib/auth/principal";
import { registerConnectionWebhook } from "@/lib/webhooks/register-webhook";
import { newWebhookSecret } from "@/lib/connections/new-webhook-secret";

export function accountMetadata(account: VerifiedAccount): Record<string, string> {
  return { ...(account.metadata ?? {}), accountId: account.accountId, ...(account.accountName ? { accountName: account.accountName } : {}) };
}

export async function connectApiKey(access: WorkspaceAccess, raw: ConnectApiKeyInput): Promise<{ id: string }> {
  assertAllowed(access, { role: "admin", scope: null }, "Only a workspace admin or owner can connect an integration.");
  const input = connectApiKeyInputSchema.parse(raw);
  const def = getProvider(input.provider);
  const credentialsSchema = def?.credentialsSchema.api_key;
  if (!def || !credentialsSchema || !def.authKinds.includes("api_key")) throw new AppError("NOT_FOUND", "This template cannot be connected with an API key.");
  if (!(await availableEnvironments(def, "api_key")).includes(input.environment)) {
    throw new AppError("BAD_REQUEST", `${def.name} cannot be connected to the ${input.environment} environment here.`);
  }
  const config = def.configSchema.safeParse(input.config);
  if (!config.success) throw configSchemaInvalid("config", config.error);
  const credentials = credentialsSchema.safeParse(input.credentials);
  if (!credentials.success) throw configSchemaInvalid("credentials", credentials.error);

  const ctx = assembleContext({
    def,
    connectionId: null,
    environment: input.environment,
    authKind: "api_key",
    config: config.data,
    credentials: credentials.data,
    metadata: {},
  });
  let account: VerifiedAccount;
  try {
    account = await def.createClient(ctx).verifyCredentials();
  } catch (err) {
    throw verifyFailure(err, def.name);
  }

  const id = ulid().toLowerCase();
  const now = new Date();
  const credentialsSealed = await sealSecret({ workspaceId: access.workspace.id, ownerId: id, purpose: "credentials" }, credentials.data);
  const webhookSecretSealed = await sealSecret({ workspaceId: access.workspace.id, ownerId: id, purpose: "webhook_secret" }, newWebhookSecret());
  await db.$transaction(async (tx) => {
    await tx.connection.create({
      data: {
        id,
        workspaceId: access.workspace.id,
        provider: def.slug,
        name: input.name,
        environment: input.environment,
        authKind: "api_key",
        status: "active",
        config: config.data as object,
        credentialsSealed,
        webhookSecretSealed,
        metadata: accountMetadata(account),
        externalAccountId: account.accountId,
        lastVerifiedAt: now,
        createdById: access.user.id,
      },
    });
    await recordAudit(
      {
        workspaceId: access.workspace.id,
        actor: { type: "user", userId: access.user.id },
        action: "connection.created",
        target: { type: "connection", id },
        metadata: { provider: def.slug, name: input.name, environment: input.environment, authKind: "api_key", accountId: account.accountId },
      },
      tx,
    );
  });
  // providers with a webhook API get Switchboard's URL registered now (the outcome shows on the connection page)
  await registerConnectionWebhook(id);
  return { id };
}
