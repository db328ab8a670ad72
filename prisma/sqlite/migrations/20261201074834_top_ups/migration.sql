-- CreateTable
CREATE TABLE "TopUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "requestedByTokenId" TEXT,
    "requestedByHumanId" TEXT,
    "completedByHumanId" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "TopUp_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TopUp_requestedByTokenId_fkey" FOREIGN KEY ("requestedByTokenId") REFERENCES "ApiToken" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "TopUp_requestedByHumanId_fkey" FOREIGN KEY ("requestedByHumanId") REFERENCES "Human" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "TopUp_completedByHumanId_fkey" FOREIGN KEY ("completedByHumanId") REFERENCES "Human" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LedgerTransaction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "approvalId" TEXT,
    "milestoneId" TEXT,
    "topUpId" TEXT,
    "memo" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "LedgerTransaction_topUpId_fkey" FOREIGN KEY ("topUpId") REFERENCES "TopUp" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_LedgerTransaction" ("approvalId", "createdAt", "id", "kind", "memo", "milestoneId") SELECT "approvalId", "createdAt", "id", "kind", "memo", "milestoneId" FROM "LedgerTransaction";
DROP TABLE "LedgerTransaction";
ALTER TABLE "new_LedgerTransaction" RENAME TO "LedgerTransaction";
CREATE UNIQUE INDEX "LedgerTransaction_topUpId_key" ON "LedgerTransaction"("topUpId");
CREATE INDEX "LedgerTransaction_milestoneId_idx" ON "LedgerTransaction"("milestoneId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TopUp_accountId_createdAt_idx" ON "TopUp"("accountId", "createdAt");

