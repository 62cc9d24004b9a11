-- CreateTable
CREATE TABLE "executor_functions" (
    "id" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "unsupported" JSONB NOT NULL DEFAULT '[]',
    "synced_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "executor_functions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executor_events" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "executor_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executor_runs" (
    "id" TEXT NOT NULL,
    "function_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "events" JSONB NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "force_step_plan" BOOLEAN NOT NULL DEFAULT false,
    "pending" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "output" JSONB,
    "error" JSONB,
    "skip_reason" TEXT,
    "concurrency" JSONB NOT NULL DEFAULT '[]',
    "throttle_key" TEXT,
    "rate_limit_key" TEXT,
    "idempotency_key" TEXT,
    "parent_run_id" TEXT,
    "parent_step_id" TEXT,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "executor_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executor_steps" (
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "memo" JSONB,
    "error" JSONB,
    "seq" INTEGER,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "executor_steps_pkey" PRIMARY KEY ("run_id","step_id")
);

-- CreateTable
CREATE TABLE "executor_queue" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "run_id" TEXT,
    "function_id" TEXT,
    "step_id" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "leased_until" TIMESTAMPTZ(3),
    "concurrency_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "payload" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "executor_queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "executor_waits" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "expression" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "executor_waits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_accounts" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "api_key" TEXT NOT NULL,
    "next_number" INTEGER NOT NULL DEFAULT 1,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "latency_ms" INTEGER NOT NULL DEFAULT 0,
    "error_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "force_rate_limit" BOOLEAN NOT NULL DEFAULT false,
    "retry_after_seconds" INTEGER NOT NULL DEFAULT 10,
    "timeout_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "webhook_drop_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "webhook_duplicate_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "webhook_out_of_order" BOOLEAN NOT NULL DEFAULT false,
    "seeded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sandbox_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_records" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "object_type" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "deleted_at" TIMESTAMPTZ(3),
    "seq" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sandbox_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_oauth_apps" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret" TEXT NOT NULL,
    "app_external_id" TEXT NOT NULL,
    "developer_api_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_oauth_apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_auth_codes" (
    "id" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "code_challenge" TEXT,
    "code_challenge_method" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_auth_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_tokens" (
    "id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "app_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_webhook_subscriptions" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "account_id" TEXT,
    "app_id" TEXT,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "settings" JSONB NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_webhook_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_webhook_deliveries" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "subscription_id" TEXT,
    "url" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_body" TEXT,
    "error" TEXT,
    "fault" TEXT,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "executor_events_received_at_idx" ON "executor_events"("received_at");

-- CreateIndex
CREATE INDEX "executor_runs_function_id_status_idx" ON "executor_runs"("function_id", "status");

-- CreateIndex
CREATE INDEX "executor_runs_status_created_at_idx" ON "executor_runs"("status", "created_at");

-- CreateIndex
CREATE INDEX "executor_runs_throttle_key_started_at_idx" ON "executor_runs"("throttle_key", "started_at");

-- CreateIndex
CREATE INDEX "executor_runs_rate_limit_key_created_at_idx" ON "executor_runs"("rate_limit_key", "created_at");

-- CreateIndex
CREATE INDEX "executor_runs_function_id_idempotency_key_idx" ON "executor_runs"("function_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "executor_runs_parent_run_id_idx" ON "executor_runs"("parent_run_id");

-- CreateIndex
CREATE INDEX "executor_runs_ended_at_idx" ON "executor_runs"("ended_at");

-- CreateIndex
CREATE INDEX "executor_steps_run_id_seq_idx" ON "executor_steps"("run_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "executor_queue_key_key" ON "executor_queue"("key");

-- CreateIndex
CREATE INDEX "executor_queue_due_at_idx" ON "executor_queue"("due_at");

-- CreateIndex
CREATE INDEX "executor_queue_run_id_idx" ON "executor_queue"("run_id");

-- CreateIndex
CREATE INDEX "executor_waits_event_name_idx" ON "executor_waits"("event_name");

-- CreateIndex
CREATE UNIQUE INDEX "executor_waits_run_id_step_id_key" ON "executor_waits"("run_id", "step_id");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_accounts_api_key_key" ON "sandbox_accounts"("api_key");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_accounts_provider_key_key" ON "sandbox_accounts"("provider", "key");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_accounts_provider_external_id_key" ON "sandbox_accounts"("provider", "external_id");

-- CreateIndex
CREATE INDEX "sandbox_records_account_id_object_type_updated_at_idx" ON "sandbox_records"("account_id", "object_type", "updated_at");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_records_account_id_object_type_external_id_key" ON "sandbox_records"("account_id", "object_type", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_oauth_apps_client_id_key" ON "sandbox_oauth_apps"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_auth_codes_code_hash_key" ON "sandbox_auth_codes"("code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_tokens_token_hash_key" ON "sandbox_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "sandbox_tokens_account_id_idx" ON "sandbox_tokens"("account_id");

-- CreateIndex
CREATE INDEX "sandbox_webhook_subscriptions_account_id_idx" ON "sandbox_webhook_subscriptions"("account_id");

-- CreateIndex
CREATE INDEX "sandbox_webhook_subscriptions_app_id_idx" ON "sandbox_webhook_subscriptions"("app_id");

-- CreateIndex
CREATE INDEX "sandbox_webhook_deliveries_account_id_created_at_idx" ON "sandbox_webhook_deliveries"("account_id", "created_at");

-- AddForeignKey
ALTER TABLE "sandbox_records" ADD CONSTRAINT "sandbox_records_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "sandbox_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_auth_codes" ADD CONSTRAINT "sandbox_auth_codes_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "sandbox_oauth_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_auth_codes" ADD CONSTRAINT "sandbox_auth_codes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "sandbox_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_tokens" ADD CONSTRAINT "sandbox_tokens_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "sandbox_oauth_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_tokens" ADD CONSTRAINT "sandbox_tokens_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "sandbox_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_webhook_subscriptions" ADD CONSTRAINT "sandbox_webhook_subscriptions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "sandbox_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_webhook_subscriptions" ADD CONSTRAINT "sandbox_webhook_subscriptions_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "sandbox_oauth_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_webhook_deliveries" ADD CONSTRAINT "sandbox_webhook_deliveries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "sandbox_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sandbox_webhook_deliveries" ADD CONSTRAINT "sandbox_webhook_deliveries_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "sandbox_webhook_subscriptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
