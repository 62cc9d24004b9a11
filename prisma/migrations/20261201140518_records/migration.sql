-- CreateEnum
CREATE TYPE "RecordObject" AS ENUM ('contact', 'order', 'product', 'appointment', 'opportunity');

-- CreateEnum
CREATE TYPE "RecordChangeAction" AS ENUM ('created', 'updated', 'deleted');

-- CreateTable
CREATE TABLE "hub_records" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "data" JSONB NOT NULL,
    "field_meta" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "title" TEXT NOT NULL,
    "sort_key" TEXT NOT NULL,
    "email_key" TEXT,
    "phone_key" TEXT,
    "number_key" TEXT,
    "status_key" TEXT,
    "created_source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "hub_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_search_terms" (
    "record_id" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,

    CONSTRAINT "record_search_terms_pkey" PRIMARY KEY ("record_id","term")
);

-- CreateTable
CREATE TABLE "record_changes" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "record_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "version" INTEGER NOT NULL,
    "action" "RecordChangeAction" NOT NULL,
    "changes" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "source_connection_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "record_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "hub_records_workspace_id_object_updated_at_id_idx" ON "hub_records"("workspace_id", "object", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "hub_records_workspace_id_object_sort_key_id_idx" ON "hub_records"("workspace_id", "object", "sort_key", "id");

-- CreateIndex
CREATE INDEX "hub_records_workspace_id_object_status_key_updated_at_id_idx" ON "hub_records"("workspace_id", "object", "status_key", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "hub_records_workspace_id_object_email_key_idx" ON "hub_records"("workspace_id", "object", "email_key");

-- CreateIndex
CREATE INDEX "hub_records_workspace_id_object_phone_key_idx" ON "hub_records"("workspace_id", "object", "phone_key");

-- CreateIndex
CREATE INDEX "hub_records_workspace_id_object_number_key_idx" ON "hub_records"("workspace_id", "object", "number_key");

-- CreateIndex
CREATE INDEX "record_search_terms_workspace_id_object_term_idx" ON "record_search_terms"("workspace_id", "object", "term");

-- CreateIndex
CREATE INDEX "record_changes_sent_at_created_at_idx" ON "record_changes"("sent_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "record_changes_record_id_version_key" ON "record_changes"("record_id", "version");

-- AddForeignKey
ALTER TABLE "hub_records" ADD CONSTRAINT "hub_records_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_search_terms" ADD CONSTRAINT "record_search_terms_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "hub_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_changes" ADD CONSTRAINT "record_changes_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "hub_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;
