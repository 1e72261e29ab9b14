-- AlterTable: the language of the account's emails (lib/shared/locale.ts), chosen at sign-up and by the footer's switcher.
ALTER TABLE "users" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';
