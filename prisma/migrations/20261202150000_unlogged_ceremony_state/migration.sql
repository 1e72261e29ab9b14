-- AlterTable
ALTER TABLE "rate_limits" ADD COLUMN     "max_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "window_seconds" INTEGER NOT NULL DEFAULT 60;

-- CreateIndex
CREATE INDEX "rate_limits_window_start_idx" ON "rate_limits"("window_start");

-- Challenges and rate-limit windows need not survive a crash (see schema.prisma): no WAL.
ALTER TABLE "challenges" SET UNLOGGED;
ALTER TABLE "rate_limits" SET UNLOGGED;
