-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "mintedByTokenId" TEXT;

