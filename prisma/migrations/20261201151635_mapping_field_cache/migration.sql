-- CreateTable
CREATE TABLE "provider_field_caches" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "object" "RecordObject" NOT NULL,
    "fields" JSONB NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "provider_field_caches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "provider_field_caches_workspace_id_idx" ON "provider_field_caches"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_field_caches_connection_id_object_key" ON "provider_field_caches"("connection_id", "object");

-- AddForeignKey
ALTER TABLE "provider_field_caches" ADD CONSTRAINT "provider_field_caches_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
