-- CreateEnum
CREATE TYPE "NoticeKind" AS ENUM ('NEW_APPROVAL', 'REMINDER');

-- CreateEnum
CREATE TYPE "NoticeStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'SKIPPED', 'FAILED');

-- CreateTable
CREATE TABLE "ApprovalNotice" (
    "id" TEXT NOT NULL,
    "approvalId" TEXT NOT NULL,
    "humanId" TEXT NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "status" "NoticeStatus" NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "outcome" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApprovalNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailPreferences" (
    "humanId" TEXT NOT NULL,
    "newApprovals" BOOLEAN NOT NULL DEFAULT true,
    "reminders" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailPreferences_pkey" PRIMARY KEY ("humanId")
);

-- CreateIndex
CREATE INDEX "ApprovalNotice_status_dueAt_idx" ON "ApprovalNotice"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ApprovalNotice_humanId_idx" ON "ApprovalNotice"("humanId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalNotice_approvalId_humanId_kind_key" ON "ApprovalNotice"("approvalId", "humanId", "kind");

-- AddForeignKey
ALTER TABLE "ApprovalNotice" ADD CONSTRAINT "ApprovalNotice_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalNotice" ADD CONSTRAINT "ApprovalNotice_humanId_fkey" FOREIGN KEY ("humanId") REFERENCES "Human"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailPreferences" ADD CONSTRAINT "EmailPreferences_humanId_fkey" FOREIGN KEY ("humanId") REFERENCES "Human"("id") ON DELETE CASCADE ON UPDATE CASCADE;

