-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "needs_passkey_here" BOOLEAN NOT NULL DEFAULT false;
