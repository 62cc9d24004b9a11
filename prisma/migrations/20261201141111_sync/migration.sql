-- CreateEnum
CREATE TYPE "SyncDirection" AS ENUM ('push', 'pull', 'both');

-- CreateEnum
CREATE TYPE "SyncRunKind" AS ENUM ('push', 'pull', 'full_resync', 'backfill');

-- CreateEnum
CREATE TYPE "SyncRunTrigger" AS ENUM ('schedule', 'manual', 'webhook', 'change', 'initial');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('running', 'succeeded', 'partial', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "SyncLinkStatus" AS ENUM ('synced', 'pending', 'failed', 'conflict');

-- CreateEnum
CREATE TYPE "SyncOperationAction" AS ENUM ('create', 'update', 'delete', 'read', 'skip');

-- CreateEnum
CREATE TYPE "SyncOperationOutcome" AS ENUM ('succeeded', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "SyncConflictStatus" AS ENUM ('open', 'resolved', 'dismissed');

-- CreateTable
CREATE TABLE "sync_settings" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "direction" "SyncDirection" NOT NULL DEFAULT 'both',
    "pull_interval_minutes" INTEGER NOT NULL DEFAULT 15,
    "cursor" JSONB,
    "cursor_updated_at" TIMESTAMPTZ(3),
    "last_pull_at" TIMESTAMPTZ(3),
    "next_pull_at" TIMESTAMPTZ(3),
    "last_full_resync_at" TIMESTAMPTZ(3),
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_mappings" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_links" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "record_id" TEXT NOT NULL,
    "external_id" TEXT,
    "remote_updated_at" TIMESTAMPTZ(3),
    "last_read_hash" TEXT,
    "last_written_hash" TEXT,
    "last_pushed_version" INTEGER,
    "last_pushed_at" TIMESTAMPTZ(3),
    "last_pulled_at" TIMESTAMPTZ(3),
    "create_intent_at" TIMESTAMPTZ(3),
    "status" "SyncLinkStatus" NOT NULL DEFAULT 'pending',
    "last_error_code" TEXT,
    "last_error_message" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "record_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "kind" "SyncRunKind" NOT NULL,
    "trigger" "SyncRunTrigger" NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'running',
    "mapping_version" INTEGER,
    "cursor_from" JSONB,
    "cursor_to" JSONB,
    "read_count" INTEGER NOT NULL DEFAULT 0,
    "created_count" INTEGER NOT NULL DEFAULT 0,
    "updated_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_count" INTEGER NOT NULL DEFAULT 0,
    "skipped_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "conflict_count" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_operations" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "record_id" TEXT,
    "external_id" TEXT,
    "action" "SyncOperationAction" NOT NULL,
    "outcome" "SyncOperationOutcome" NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "http" JSONB,
    "duration_ms" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_operations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_conflicts" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "record_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "hub_value" JSONB,
    "provider_value" JSONB,
    "status" "SyncConflictStatus" NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "resolved_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "sync_conflicts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_rollups" (
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "failed_runs" INTEGER NOT NULL DEFAULT 0,
    "read_count" INTEGER NOT NULL DEFAULT 0,
    "created_count" INTEGER NOT NULL DEFAULT 0,
    "updated_count" INTEGER NOT NULL DEFAULT 0,
    "deleted_count" INTEGER NOT NULL DEFAULT 0,
    "skipped_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "conflict_count" INTEGER NOT NULL DEFAULT 0,
    "duration_ms" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "sync_rollups_pkey" PRIMARY KEY ("connection_id","object","hour")
);

-- CreateIndex
CREATE INDEX "sync_settings_workspace_id_idx" ON "sync_settings"("workspace_id");

-- CreateIndex
CREATE INDEX "sync_settings_enabled_next_pull_at_idx" ON "sync_settings"("enabled", "next_pull_at");

-- CreateIndex
CREATE UNIQUE INDEX "sync_settings_connection_id_object_key" ON "sync_settings"("connection_id", "object");

-- CreateIndex
CREATE UNIQUE INDEX "sync_mappings_connection_id_object_version_key" ON "sync_mappings"("connection_id", "object", "version");

-- CreateIndex
CREATE INDEX "record_links_record_id_idx" ON "record_links"("record_id");

-- CreateIndex
CREATE INDEX "record_links_connection_id_object_status_idx" ON "record_links"("connection_id", "object", "status");

-- CreateIndex
CREATE UNIQUE INDEX "record_links_connection_id_object_external_id_key" ON "record_links"("connection_id", "object", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "record_links_connection_id_record_id_key" ON "record_links"("connection_id", "record_id");

-- CreateIndex
CREATE INDEX "sync_runs_connection_id_object_started_at_idx" ON "sync_runs"("connection_id", "object", "started_at" DESC);

-- CreateIndex
CREATE INDEX "sync_runs_workspace_id_started_at_idx" ON "sync_runs"("workspace_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "sync_runs_started_at_idx" ON "sync_runs"("started_at");

-- CreateIndex
CREATE INDEX "sync_operations_run_id_created_at_idx" ON "sync_operations"("run_id", "created_at");

-- CreateIndex
CREATE INDEX "sync_operations_record_id_created_at_idx" ON "sync_operations"("record_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sync_operations_connection_id_outcome_created_at_idx" ON "sync_operations"("connection_id", "outcome", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sync_conflicts_workspace_id_status_created_at_idx" ON "sync_conflicts"("workspace_id", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sync_conflicts_record_id_connection_id_field_status_idx" ON "sync_conflicts"("record_id", "connection_id", "field", "status");

-- CreateIndex
CREATE INDEX "sync_rollups_workspace_id_hour_idx" ON "sync_rollups"("workspace_id", "hour");

-- AddForeignKey
ALTER TABLE "sync_settings" ADD CONSTRAINT "sync_settings_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_mappings" ADD CONSTRAINT "sync_mappings_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_links" ADD CONSTRAINT "record_links_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_links" ADD CONSTRAINT "record_links_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "hub_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_operations" ADD CONSTRAINT "sync_operations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_conflicts" ADD CONSTRAINT "sync_conflicts_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_conflicts" ADD CONSTRAINT "sync_conflicts_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "hub_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_rollups" ADD CONSTRAINT "sync_rollups_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
