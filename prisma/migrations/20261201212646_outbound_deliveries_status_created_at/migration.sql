-- CreateIndex
CREATE INDEX "outbound_deliveries_status_created_at_idx" ON "outbound_deliveries"("status", "created_at");
