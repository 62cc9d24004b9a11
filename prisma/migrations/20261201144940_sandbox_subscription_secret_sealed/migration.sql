-- Webhook target secrets (signing secrets, basic-auth passwords) are sealed with the workspace data key.
-- Targets that carried a plaintext secret cannot be sealed in SQL: they are removed (sandbox data; the
-- connection re-registers, or the panel adds the target again).
DELETE FROM "sandbox_webhook_subscriptions" WHERE "secret" IS NOT NULL;

-- AlterTable
ALTER TABLE "sandbox_webhook_subscriptions" DROP COLUMN "secret",
ADD COLUMN     "secret_sealed" TEXT;
