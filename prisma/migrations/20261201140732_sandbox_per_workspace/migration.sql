-- Sandbox accounts and OAuth apps become per workspace, with random sealed credentials. The old global
-- rows (deterministic, publicly computable keys) cannot belong to any workspace: they are removed with
-- everything that hangs off them; each workspace gets a fresh set on first use.
DELETE FROM "sandbox_webhook_subscriptions";
DELETE FROM "sandbox_oauth_apps";
DELETE FROM "sandbox_accounts";

-- DropIndex
DROP INDEX "sandbox_accounts_api_key_key";

-- DropIndex
DROP INDEX "sandbox_accounts_provider_key_key";

-- AlterTable
ALTER TABLE "sandbox_accounts" DROP COLUMN "api_key",
ADD COLUMN     "api_key_hash" TEXT NOT NULL,
ADD COLUMN     "api_key_sealed" TEXT NOT NULL,
ADD COLUMN     "workspace_id" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "sandbox_oauth_apps" DROP COLUMN "client_secret",
DROP COLUMN "developer_api_key",
ADD COLUMN     "client_secret_sealed" TEXT NOT NULL,
ADD COLUMN     "developer_api_key_hash" TEXT,
ADD COLUMN     "developer_api_key_sealed" TEXT,
ADD COLUMN     "redirect_uris" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "signing_keys_sealed" TEXT,
ADD COLUMN     "webhook_public_keys" JSONB,
ADD COLUMN     "workspace_id" TEXT NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_accounts_api_key_hash_key" ON "sandbox_accounts"("api_key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_accounts_workspace_id_provider_key_key" ON "sandbox_accounts"("workspace_id", "provider", "key");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_oauth_apps_developer_api_key_hash_key" ON "sandbox_oauth_apps"("developer_api_key_hash");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_oauth_apps_workspace_id_provider_key" ON "sandbox_oauth_apps"("workspace_id", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_oauth_apps_provider_app_external_id_key" ON "sandbox_oauth_apps"("provider", "app_external_id");

-- AddForeignKey
ALTER TABLE "sandbox_accounts" ADD CONSTRAINT "sandbox_accounts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_oauth_apps" ADD CONSTRAINT "sandbox_oauth_apps_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
