import "server-only";
import { hashBoundFacts } from "@/lib/approvals/bound-facts";
import type { Execution } from "@/lib/approvals/execution";
import type { NewEvent } from "@/lib/events/emit-events";
import { lockActiveContract } from "@/lib/contracts/contract-lock";
import { endTermsText } from "@/lib/contracts/end-terms";
import type { Settlement } from "@/lib/contracts/schemas";
import type { Approval, Tx } from "@/lib/db";
import { ledgerKey } from "@/lib/ledger/ledger-accounts";
import { postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";

/**
 * Confirming a contract_end, inside confirmApproval's transaction: the contract ends and each funded milestone is
 * refunded (escrow → available, REFUNDED; the default) or released (escrow → payout, COMPLETED) as the human chose,
 * one ledger transaction per milestone so each milestone's money is traceable. The funded milestones and their
 * amounts must still be the ones the approval bound; otherwise nothing moves.
 */
export async function executeContractEnd(
  tx: Tx,
  approval: Approval,
  at: Date,
  settlements: Record<string, Settlement>,
): Promise<Execution> {
  // Locked before anything is read: a fund or release of one of its milestones confirmed at this moment either
  // committed before (and then the funded set below differs) or waits and then finds the contract ended.
  if (!approval.contractId || !(await lockActiveContract(tx, approval.contractId, at)))
    return { cancelReason: "contract_ended" };
  const contract = await tx.contract.findUniqueOrThrow({ where: { id: approval.contractId } });
  const funded = await tx.milestone.findMany({
    where: { contractId: contract.id, status: "ACTIVE_FUNDED" },
    orderBy: { milestoneNumber: "asc" },
  });
  const bound = hashBoundFacts({
    type: approval.type,
    accountId: contract.accountId,
    contractId: contract.id,
    milestoneId: null,
    amountCents: funded.reduce((sum, m) => sum + m.amountCents, 0),
    payeeFreelancerId: contract.freelancerId,
    terms: endTermsText(funded),
  });
  if (contract.accountId !== approval.accountId || bound !== approval.factsHash)
    return { cancelReason: "terms_changed" };

  await tx.contract.update({ where: { id: contract.id }, data: { status: "ENDED", endedAt: at } });
  const available = { kind: "ORG_AVAILABLE" as const, accountId: contract.accountId };
  const escrow = { kind: "ORG_ESCROW" as const, accountId: contract.accountId };
  // Deadlock avoidance on PostgreSQL: every money path takes the account's available balance row before its
  // escrow row (a funding debits available, then credits escrow). A refund would take them the other way round, so
  // the available row is locked first with a write that changes nothing; refunds then go before releases, which
  // leaves the trainer's payout row — shared across accounts — for last, as in a release.
  await tx.ledgerAccount.updateMany({ where: { key: ledgerKey(available) }, data: { balanceCents: { increment: 0 } } });
  const ordered = [...funded].sort(
    (a, b) => Number(settlements[a.id] === "release") - Number(settlements[b.id] === "release"),
  );

  const refunded: string[] = [];
  const released: string[] = [];
  const events: NewEvent[] = [];
  for (const milestone of ordered) {
    const isRelease = settlements[milestone.id] === "release";
    const status = isRelease ? "COMPLETED" : "REFUNDED";
    const moved = await tx.milestone.updateMany({
      where: { id: milestone.id, status: "ACTIVE_FUNDED", amountCents: milestone.amountCents },
      data: { status, updatedAt: at, ...(isRelease ? { needsReview: false } : {}) },
    });
    // Cannot happen under the contract lock; if it did, throwing rolls back the whole end rather than half of it.
    if (moved.count !== 1)
      throw new Error(`executeContractEnd: milestone ${milestone.id} changed under the contract lock`);
    await postLedgerTransaction(tx, {
      kind: isRelease ? "RELEASE" : "REFUND",
      memo: `${isRelease ? "Release" : "Refund"} milestone ${milestone.milestoneNumber}: ${milestone.name} (contract ended)`,
      approvalId: approval.id,
      milestoneId: milestone.id,
      moves: [
        {
          from: escrow,
          to: isRelease ? { kind: "TRAINER_PAYOUT", freelancerId: contract.freelancerId } : available,
          amountCents: milestone.amountCents,
        },
      ],
    });
    (isRelease ? released : refunded).push(milestone.id);
    events.push({
      accountId: contract.accountId,
      type: "milestone.status_changed",
      resourceId: milestone.id,
      jobId: contract.jobId,
      data: { milestoneId: milestone.id, contractId: contract.id, status },
    });
  }
  events.push({
    accountId: contract.accountId,
    type: "contract.ended",
    resourceId: contract.id,
    jobId: contract.jobId,
    data: { contractId: contract.id, jobId: contract.jobId },
  });
  return { result: { contractEnded: true, refunded, released }, events };
}
