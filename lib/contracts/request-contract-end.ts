import "server-only";
import { conflictsOf, notFound } from "@/lib/api/errors";
import { findOrCreatePendingApproval } from "@/lib/approvals/request-approval";
import { now } from "@/lib/clock";
import { lockActiveContract } from "@/lib/contracts/contract-lock";
import { endTermsText } from "@/lib/contracts/end-terms";
import { END_CONFLICT_REASONS } from "@/lib/contracts/schemas";
import { db, type Approval } from "@/lib/db";
import { emitEvents } from "@/lib/events/emit-events";

const endConflict = conflictsOf(END_CONFLICT_REASONS);

/**
 * POST /contracts/{id}/end. No funded milestone: the contract ends at once (no money is involved, so no human needs
 * to co-sign). Otherwise a `contract_end` approval bound to the funded milestones and their amounts; a re-request
 * returns it, or replaces it (`superseded`) when the funded milestones have changed since.
 */
export async function requestContractEnd(input: {
  accountId: string;
  tokenId: string;
  contractId: string;
}): Promise<{ ended: true } | { approval: Approval }> {
  const client = await db();
  const checked = await client.$transaction(async (tx) => {
    const at = now();
    const contract = await tx.contract.findFirst({ where: { id: input.contractId, accountId: input.accountId } });
    if (!contract) throw notFound("contracts", "contractId", input.contractId);
    // Locked first, then read: a funding confirmed at this moment either committed before (and is seen here) or
    // waits for this transaction and then finds the contract ended. Never an ended contract holding escrow.
    if (!(await lockActiveContract(tx, contract.id, at)))
      throw endConflict("contract_ended", "The contract has already ended.", { contractId: contract.id });
    const funded = await tx.milestone.findMany({
      where: { contractId: contract.id, status: "ACTIVE_FUNDED" },
      orderBy: { milestoneNumber: "asc" },
    });
    if (funded.length > 0) return { contract, funded };
    await tx.contract.update({ where: { id: contract.id }, data: { status: "ENDED", endedAt: at, updatedAt: at } });
    await emitEvents(tx, [
      {
        accountId: contract.accountId,
        type: "contract.ended",
        resourceId: contract.id,
        jobId: contract.jobId,
        data: { contractId: contract.id, jobId: contract.jobId },
      },
    ]);
    return null;
  });
  if (!checked) return { ended: true };

  const { contract, funded } = checked;
  return findOrCreatePendingApproval({
    type: "contract_end",
    accountId: input.accountId,
    targetId: contract.id,
    contractId: contract.id,
    milestoneId: null,
    jobId: contract.jobId,
    proposalId: null,
    amountCents: funded.reduce((sum, m) => sum + m.amountCents, 0),
    payeeFreelancerId: contract.freelancerId,
    terms: endTermsText(funded),
    supersedesOnNewFacts: true,
    requestedByTokenId: input.tokenId,
  });
}
