-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('received', 'processing', 'processed', 'skipped', 'failed');

-- CreateEnum
CREATE TYPE "WebhookRegistrationStatus" AS ENUM ('not_needed', 'registered', 'failed', 'unregistered');

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "dedup_key" TEXT,
    "provider_event_ids" TEXT[],
    "event_type" TEXT NOT NULL,
    "raw_body" TEXT NOT NULL,
    "body_bytes" INTEGER NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'received',
    "status_reason" TEXT,
    "error_code" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processed_at" TIMESTAMPTZ(3),
    "occurred_at" TIMESTAMPTZ(3),
    "duplicate_count" INTEGER NOT NULL DEFAULT 0,
    "last_duplicate_at" TIMESTAMPTZ(3),
    "replay_count" INTEGER NOT NULL DEFAULT 0,
    "log" JSONB NOT NULL DEFAULT '[]',
    "touched" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "connection_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "allowed_cidrs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "signature_failures" INTEGER NOT NULL DEFAULT 0,
    "ip_rejections" INTEGER NOT NULL DEFAULT 0,
    "last_rejected_at" TIMESTAMPTZ(3),
    "last_rejected_code" TEXT,
    "last_rejected_reason" TEXT,
    "previous_secret_sealed" TEXT,
    "previous_secret_until" TIMESTAMPTZ(3),
    "registration_status" "WebhookRegistrationStatus" NOT NULL DEFAULT 'not_needed',
    "registration_external_id" TEXT,
    "registration_target_url" TEXT,
    "registration_error" TEXT,
    "registered_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("connection_id")
);

-- CreateTable
CREATE TABLE "webhook_replay_guard" (
    "fingerprint" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_replay_guard_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateTable
CREATE TABLE "webhook_unrouted_counts" (
    "provider" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "webhook_unrouted_counts_pkey" PRIMARY KEY ("provider","day")
);

-- CreateIndex
CREATE INDEX "webhook_deliveries_workspace_id_received_at_idx" ON "webhook_deliveries"("workspace_id", "received_at" DESC);

-- CreateIndex
CREATE INDEX "webhook_deliveries_workspace_id_status_received_at_idx" ON "webhook_deliveries"("workspace_id", "status", "received_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_connection_id_received_at_idx" ON "webhook_deliveries"("connection_id", "received_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_connection_id_dedup_key_key" ON "webhook_deliveries"("connection_id", "dedup_key");

-- CreateIndex
CREATE INDEX "webhook_endpoints_workspace_id_idx" ON "webhook_endpoints"("workspace_id");

-- CreateIndex
CREATE INDEX "webhook_replay_guard_expires_at_idx" ON "webhook_replay_guard"("expires_at");

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
