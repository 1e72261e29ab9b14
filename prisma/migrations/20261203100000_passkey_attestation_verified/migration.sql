-- AlterTable
ALTER TABLE "passkeys" ADD COLUMN     "attestation_verified" BOOLEAN NOT NULL DEFAULT false;
