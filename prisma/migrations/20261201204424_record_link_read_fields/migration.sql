-- AlterTable
ALTER TABLE "record_links" ADD COLUMN     "last_read_fields" JSONB;
