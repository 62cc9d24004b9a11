-- AlterTable
ALTER TABLE "oauth_states" ADD COLUMN     "config" JSONB NOT NULL DEFAULT '{}';
