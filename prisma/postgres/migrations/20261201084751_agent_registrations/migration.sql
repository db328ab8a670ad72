-- CreateEnum
CREATE TYPE "AgentClaimStatus" AS ENUM ('PENDING', 'CLAIMED', 'DELIVERED');

-- CreateTable
CREATE TABLE "AgentRegistration" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "claimPublicId" TEXT NOT NULL,
    "claimSecretHash" TEXT NOT NULL,
    "claimExpiresAt" TIMESTAMP(3) NOT NULL,
    "status" "AgentClaimStatus" NOT NULL,
    "email" TEXT,
    "attemptPublicId" TEXT,
    "attemptSecretHash" TEXT,
    "userCodeHash" TEXT,
    "attemptExpiresAt" TIMESTAMP(3),
    "codeTries" INTEGER NOT NULL DEFAULT 0,
    "lastPolledAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "claimedByHumanId" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentRegistration_claimPublicId_key" ON "AgentRegistration"("claimPublicId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentRegistration_attemptPublicId_key" ON "AgentRegistration"("attemptPublicId");

-- CreateIndex
CREATE INDEX "AgentRegistration_accountId_idx" ON "AgentRegistration"("accountId");

-- AddForeignKey
ALTER TABLE "AgentRegistration" ADD CONSTRAINT "AgentRegistration_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentRegistration" ADD CONSTRAINT "AgentRegistration_claimedByHumanId_fkey" FOREIGN KEY ("claimedByHumanId") REFERENCES "Human"("id") ON DELETE SET NULL ON UPDATE CASCADE;

