-- Search words move from one row per word (record_search_terms, two index entries each) to one tsvector
-- column per record with a GIN index (lib/records/search-terms.ts, lib/records/list-records.ts).

-- AlterTable
ALTER TABLE "hub_records" ADD COLUMN     "search" tsvector;

-- The existing records keep their words (the same normalised terms, as lexemes).
UPDATE "hub_records" r SET "search" = t.lexemes
FROM (SELECT "record_id", array_to_tsvector(array_agg(DISTINCT "term")) AS lexemes FROM "record_search_terms" WHERE "term" <> '' GROUP BY "record_id") t
WHERE r."id" = t."record_id";

-- DropForeignKey
ALTER TABLE "record_search_terms" DROP CONSTRAINT "record_search_terms_record_id_fkey";

-- DropTable
DROP TABLE "record_search_terms";

-- CreateIndex
CREATE INDEX "hub_records_search_idx" ON "hub_records" USING GIN ("search");
