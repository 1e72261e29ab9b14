-- CreateTable
-- Counts for the operator dashboard, one row per hour, kind and reason: no account, address or
-- key is stored, only how often something happened (lib/server/operations/counters.ts).
CREATE TABLE "operation_counts" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "operation_counts_pkey" PRIMARY KEY ("hour","kind","reason")
);

-- CreateIndex
CREATE INDEX "users_created_at_idx" ON "users"("created_at");

-- CreateIndex
CREATE INDEX "passkeys_created_at_idx" ON "passkeys"("created_at");

-- Successful sign-ins per hour read their entries through this (Prisma's schema language cannot
-- express a partial index); only "signed in" entries pay for it when written.
CREATE INDEX "security_events_signed_in_created_at_idx" ON "security_events"("created_at") WHERE "type" = 'signed_in';

