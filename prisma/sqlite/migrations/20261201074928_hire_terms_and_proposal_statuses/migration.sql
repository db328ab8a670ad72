-- AlterTable
ALTER TABLE "Approval" ADD COLUMN "terms" TEXT;


-- Hand-added: OpenTrain's proposal statuses replace SUBMITTED and WITHDRAWN (SQLite stores enums as text).
UPDATE "Proposal" SET "status" = 'UNREVIEWED' WHERE "status" = 'SUBMITTED';
UPDATE "Proposal" SET "status" = 'DECLINED' WHERE "status" = 'WITHDRAWN';
