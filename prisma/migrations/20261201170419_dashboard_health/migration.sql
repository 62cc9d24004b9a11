-- DropIndex
DROP INDEX "audit_events_workspace_id_created_at_idx";

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "ip" TEXT;

-- CreateTable
CREATE TABLE "sync_run_steps" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "retry_after_ms" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,

    CONSTRAINT "sync_run_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connection_rate_limits" (
    "connection_id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "remaining" DOUBLE PRECISION,
    "limit" DOUBLE PRECISION,
    "reset_at" TIMESTAMPTZ(3),
    "retry_after_ms" INTEGER,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connection_rate_limits_pkey" PRIMARY KEY ("connection_id")
);

-- CreateTable
CREATE TABLE "provider_call_stats" (
    "connection_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "unavailable" INTEGER NOT NULL DEFAULT 0,
    "rate_limited" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "provider_call_stats_pkey" PRIMARY KEY ("connection_id","hour")
);

-- CreateIndex
CREATE INDEX "sync_run_steps_run_id_started_at_idx" ON "sync_run_steps"("run_id", "started_at");

-- CreateIndex
CREATE INDEX "sync_run_steps_finished_at_idx" ON "sync_run_steps"("finished_at");

-- CreateIndex
CREATE INDEX "connection_rate_limits_workspace_id_idx" ON "connection_rate_limits"("workspace_id");

-- CreateIndex
CREATE INDEX "provider_call_stats_workspace_id_hour_idx" ON "provider_call_stats"("workspace_id", "hour");

-- CreateIndex
CREATE INDEX "audit_events_workspace_id_created_at_id_idx" ON "audit_events"("workspace_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "record_changes_workspace_id_created_at_id_idx" ON "record_changes"("workspace_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "sync_runs_workspace_id_status_started_at_idx" ON "sync_runs"("workspace_id", "status", "started_at" DESC);

-- AddForeignKey
ALTER TABLE "sync_run_steps" ADD CONSTRAINT "sync_run_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connection_rate_limits" ADD CONSTRAINT "connection_rate_limits_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_call_stats" ADD CONSTRAINT "provider_call_stats_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
