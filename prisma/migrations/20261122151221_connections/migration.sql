-- CreateEnum
CREATE TYPE "ConnectionEnvironment" AS ENUM ('live', 'sandbox');

-- CreateEnum
CREATE TYPE "ConnectionAuthKind" AS ENUM ('oauth2', 'api_key');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('pending', 'active', 'error', 'needs_reauth', 'disabled');

-- CreateTable
CREATE TABLE "workspace_data_keys" (
    "workspace_id" TEXT NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "master_key_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotated_at" TIMESTAMPTZ(3),

    CONSTRAINT "workspace_data_keys_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "connections" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" "ConnectionEnvironment" NOT NULL,
    "auth_kind" "ConnectionAuthKind" NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'pending',
    "config" JSONB NOT NULL DEFAULT '{}',
    "credentials_sealed" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "token_expires_at" TIMESTAMPTZ(3),
    "last_verified_at" TIMESTAMPTZ(3),
    "last_refreshed_at" TIMESTAMPTZ(3),
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "sync_enabled" BOOLEAN NOT NULL DEFAULT true,
    "webhook_secret_sealed" TEXT,
    "webhook_secret_rotated_at" TIMESTAMPTZ(3),
    "refresh_failing_since" TIMESTAMPTZ(3),
    "refresh_lock_id" TEXT,
    "refresh_locked_until" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth_states" (
    "id" TEXT NOT NULL,
    "state_hash" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "environment" "ConnectionEnvironment" NOT NULL,
    "code_verifier_sealed" TEXT,
    "connection_name" TEXT NOT NULL,
    "reconnect_id" TEXT,
    "redirect_uri" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_states_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "connections_workspace_id_provider_idx" ON "connections"("workspace_id", "provider");

-- CreateIndex
CREATE INDEX "connections_auth_kind_token_expires_at_idx" ON "connections"("auth_kind", "token_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "oauth_states_state_hash_key" ON "oauth_states"("state_hash");

-- CreateIndex
CREATE INDEX "oauth_states_workspace_id_idx" ON "oauth_states"("workspace_id");

-- AddForeignKey
ALTER TABLE "workspace_data_keys" ADD CONSTRAINT "workspace_data_keys_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
