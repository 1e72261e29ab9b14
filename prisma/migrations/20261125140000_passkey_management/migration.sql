-- AlterTable
ALTER TABLE "users" ADD COLUMN     "device_bound_only" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "passkeys" ADD COLUMN     "attachment" TEXT,
ADD COLUMN     "last_used_user_agent" TEXT;

