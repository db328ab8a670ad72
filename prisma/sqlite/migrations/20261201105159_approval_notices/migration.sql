-- CreateTable
CREATE TABLE "ApprovalNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "approvalId" TEXT NOT NULL,
    "humanId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "sentAt" DATETIME,
    "outcome" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ApprovalNotice_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApprovalNotice_humanId_fkey" FOREIGN KEY ("humanId") REFERENCES "Human" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailPreferences" (
    "humanId" TEXT NOT NULL PRIMARY KEY,
    "newApprovals" BOOLEAN NOT NULL DEFAULT true,
    "reminders" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EmailPreferences_humanId_fkey" FOREIGN KEY ("humanId") REFERENCES "Human" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ApprovalNotice_status_dueAt_idx" ON "ApprovalNotice"("status", "dueAt");

-- CreateIndex
CREATE INDEX "ApprovalNotice_humanId_idx" ON "ApprovalNotice"("humanId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalNotice_approvalId_humanId_kind_key" ON "ApprovalNotice"("approvalId", "humanId", "kind");

