-- AlterTable
ALTER TABLE "executor_queue" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "executor_runs" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "singleton_key" TEXT;

-- CreateTable
CREATE TABLE "executor_buffers" (
    "id" TEXT NOT NULL,
    "function_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "events" JSONB NOT NULL,
    "size" INTEGER NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "executor_buffers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "executor_buffers_function_id_key_key" ON "executor_buffers"("function_id", "key");

-- CreateIndex
CREATE INDEX "executor_runs_singleton_key_status_idx" ON "executor_runs"("singleton_key", "status");
