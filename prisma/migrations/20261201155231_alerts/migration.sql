-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('failure_rate', 'consecutive_failures', 'provider_unreachable', 'needs_reauth', 'conflicts_waiting');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('firing', 'resolved');

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "threshold" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "connection_id" TEXT,
    "open_key" TEXT,
    "status" "AlertStatus" NOT NULL DEFAULT 'firing',
    "message" TEXT NOT NULL,
    "resolved_reason" TEXT,
    "fired_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_seen" (
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_seen_pkey" PRIMARY KEY ("workspace_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_workspace_id_kind_key" ON "alert_rules"("workspace_id", "kind");

-- CreateIndex
CREATE INDEX "alerts_workspace_id_fired_at_idx" ON "alerts"("workspace_id", "fired_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alerts_workspace_id_open_key_key" ON "alerts"("workspace_id", "open_key");

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_seen" ADD CONSTRAINT "alert_seen_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
