-- CreateTable
CREATE TABLE "AgentRegistration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "claimPublicId" TEXT NOT NULL,
    "claimSecretHash" TEXT NOT NULL,
    "claimExpiresAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "email" TEXT,
    "attemptPublicId" TEXT,
    "attemptSecretHash" TEXT,
    "userCodeHash" TEXT,
    "attemptExpiresAt" DATETIME,
    "codeTries" INTEGER NOT NULL DEFAULT 0,
    "lastPolledAt" DATETIME,
    "claimedAt" DATETIME,
    "claimedByHumanId" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "AgentRegistration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgentRegistration_claimedByHumanId_fkey" FOREIGN KEY ("claimedByHumanId") REFERENCES "Human" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentRegistration_claimPublicId_key" ON "AgentRegistration"("claimPublicId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentRegistration_attemptPublicId_key" ON "AgentRegistration"("attemptPublicId");

-- CreateIndex
CREATE INDEX "AgentRegistration_accountId_idx" ON "AgentRegistration"("accountId");

