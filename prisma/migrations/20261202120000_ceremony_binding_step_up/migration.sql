-- DropForeignKey
ALTER TABLE "sign_in_grants" DROP CONSTRAINT "sign_in_grants_user_id_fkey";

-- DropTable
DROP TABLE "sign_in_grants";

-- AlterTable
ALTER TABLE "challenges" ADD COLUMN     "binding" TEXT;

-- AlterTable
ALTER TABLE "passkeys" ADD COLUMN     "added_in_session_id" UUID;

-- AlterTable
ALTER TABLE "sessions" ALTER COLUMN "verified_at" DROP NOT NULL;
