-- AlterTable
ALTER TABLE "passkeys" ADD COLUMN     "before_recovery_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "account_recoveries" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "device_id" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "ready_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "requester_ip" TEXT,
    "requester_user_agent" TEXT,

    CONSTRAINT "account_recoveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_recoveries_token_hash_key" ON "account_recoveries"("token_hash");

-- CreateIndex
CREATE INDEX "account_recoveries_user_id_idx" ON "account_recoveries"("user_id");

-- One recovery in progress per account (Prisma's schema language cannot express a partial index).
CREATE UNIQUE INDEX "account_recoveries_one_in_progress_key" ON "account_recoveries"("user_id") WHERE "cancelled_at" IS NULL AND "completed_at" IS NULL;

-- AddForeignKey
ALTER TABLE "account_recoveries" ADD CONSTRAINT "account_recoveries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
