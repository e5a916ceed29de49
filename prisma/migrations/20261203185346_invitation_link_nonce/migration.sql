-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "linkNonce" TEXT NOT NULL DEFAULT gen_random_uuid()::text;
