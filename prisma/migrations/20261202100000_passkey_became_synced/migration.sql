-- AlterTable
ALTER TABLE "passkeys" ADD COLUMN     "became_synced_at" TIMESTAMPTZ(3);
