-- Hand-edited: the old statuses SUBMITTED and WITHDRAWN map to UNREVIEWED and DECLINED (the seed never wrote them).
-- AlterEnum
BEGIN;
CREATE TYPE "ProposalStatus_new" AS ENUM ('UNREVIEWED', 'SHORTLISTED', 'MAYBE', 'HIRED', 'DECLINED', 'NOT_A_FIT', 'RESUME_SENT');
ALTER TABLE "Proposal" ALTER COLUMN "status" TYPE "ProposalStatus_new" USING (CASE "status"::text WHEN 'SUBMITTED' THEN 'UNREVIEWED' WHEN 'WITHDRAWN' THEN 'DECLINED' ELSE "status"::text END)::"ProposalStatus_new";
ALTER TYPE "ProposalStatus" RENAME TO "ProposalStatus_old";
ALTER TYPE "ProposalStatus_new" RENAME TO "ProposalStatus";
DROP TYPE "ProposalStatus_old";
COMMIT;

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "terms" TEXT;

