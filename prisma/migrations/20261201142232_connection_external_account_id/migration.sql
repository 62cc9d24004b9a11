-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "external_account_id" TEXT;

-- CreateIndex
CREATE INDEX "connections_provider_environment_external_account_id_idx" ON "connections"("provider", "environment", "external_account_id");

-- Backfill: connections made before this column kept the verified account id in metadata.
UPDATE "connections" SET "external_account_id" = "metadata"->>'accountId' WHERE "external_account_id" IS NULL AND "metadata" ? 'accountId';
