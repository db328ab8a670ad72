-- DropIndex
DROP INDEX "Approval_accountId_status_idx";

-- CreateIndex
CREATE INDEX "Approval_accountId_status_expiresAt_idx" ON "Approval"("accountId", "status", "expiresAt");

