import "server-only";
import { ownerRequired } from "@/lib/accounts/account-access";
import { finalEvent } from "@/lib/approvals/approval-events";
import { ApiError, notFound } from "@/lib/api/errors";
import { stillMatchesBoundFacts } from "@/lib/approvals/bound-facts";
import type { CancelReason, ConfirmChoices, Execution } from "@/lib/approvals/execution";
import { expireInTx, isDue, openWhere } from "@/lib/approvals/expire-approvals";
import { findApprovalAccess } from "@/lib/approvals/human-access";
import { now } from "@/lib/clock";
import { lockActiveContract } from "@/lib/contracts/contract-lock";
import { executeContractEnd } from "@/lib/contracts/execute-contract-end";
import { db, type Approval, type ApprovalStatus, type Tx } from "@/lib/db";
import { emitEvents, type NewEvent } from "@/lib/events/emit-events";
import { newId } from "@/lib/ids";
import { balanceOf } from "@/lib/ledger/ledger-accounts";
import { InsufficientFundsError, postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";
import { fundingFees, postFunding } from "@/lib/milestones/funding";
import { fundingBlocker, fundsBlocker, releaseBlocker } from "@/lib/milestones/preconditions";
import { executeHire } from "@/lib/proposals/execute-hire";

export type { CancelReason, ConfirmChoices } from "@/lib/approvals/execution";

export type Resolution = {
  approval: Approval;
  /** What the approval is now. Differs from what the human asked for when someone (or the clock) got there first. */
  outcome: ApprovalStatus;
  /** True when this call made the change; false when it found the approval already final. */
  isMine: boolean;
  /** Why a confirmation was voided instead of executed. */
  cancelReason?: CancelReason;
};

const CANCEL_MESSAGES: Record<CancelReason, string> = {
  contract_ended: "The contract has ended since the agent asked.",
  milestone_cancelled: "The milestone was cancelled since the agent asked.",
  milestone_not_funded: "The milestone is no longer funded and waiting for release.",
  milestone_not_releasable: "The milestone is no longer funded and waiting for release.",
  milestone_not_fundable: "The milestone is no longer waiting to be funded.",
  terms_changed:
    "The amount, payee or target changed since the agent asked, so this approval no longer describes what would happen.",
  payment_method_required: "The account's available balance no longer covers this amount.",
  proposal_already_hired: "The proposal has been hired since the agent asked.",
  proposal_not_hireable: "The proposal can no longer be hired.",
};

export function cancelMessage(reason: CancelReason) {
  return CANCEL_MESSAGES[reason];
}

/**
 * The human's "Confirm": the one path by which an approval executes and money moves.
 *
 * Inside one transaction: membership is re-checked, a conditional write moves the approval out of `pending` (a
 * concurrent confirm, decline or expiry finds nothing to move and is told the real outcome), the target's state and
 * the facts bound at request time are re-checked, then the ledger, milestone, result and events are written. If a
 * re-check fails nothing moves: the approval becomes `cancelled` with the reason, and that is committed.
 */
export async function confirmApproval(input: {
  approvalId: string;
  humanId: string;
  choices?: ConfirmChoices;
}): Promise<Resolution> {
  const client = await db();
  try {
    return await client.$transaction(async (tx) => {
      const claimed = await claimPending(tx, input, "confirmed");
      if ("final" in claimed) return claimed.final;
      const { approval, at } = claimed;
      const execution = await execute(tx, approval, at, input.choices ?? {});
      if ("cancelReason" in execution) {
        const cancelled = await finish(
          tx,
          approval,
          "cancelled",
          { cancelled: true, reason: execution.cancelReason },
          [],
        );
        return { approval: cancelled, outcome: "cancelled", isMine: true, cancelReason: execution.cancelReason };
      }
      const confirmed = await finish(tx, approval, "confirmed", execution.result, execution.events);
      return { approval: confirmed, outcome: "confirmed", isMine: true };
    });
  } catch (error) {
    // A concurrent spend drained the balance between our check and our debit: everything rolled back and the
    // approval is still pending, so the human can top up and try again.
    if (error instanceof InsufficientFundsError) {
      throw new ApiError("CONFLICT", CANCEL_MESSAGES.payment_method_required, { reason: "payment_method_required" });
    }
    throw error;
  }
}

/** The human's "Decline", with an optional reason the agent then reads in `result`. */
export async function declineApproval(input: {
  approvalId: string;
  humanId: string;
  reason?: string;
}): Promise<Resolution> {
  const client = await db();
  return client.$transaction(async (tx) => {
    const claimed = await claimPending(tx, input, "declined");
    if ("final" in claimed) return claimed.final;
    const reason = input.reason?.trim();
    const declined = await finish(
      tx,
      claimed.approval,
      "declined",
      reason ? { declined: true, reason } : { declined: true },
      [],
    );
    return { approval: declined, outcome: "declined", isMine: true };
  });
}

type Claimed = { approval: Approval; at: Date } | { final: Resolution };

/** Access, expiry, then the conditional write that makes this call the only one to resolve the approval. */
async function claimPending(
  tx: Tx,
  input: { approvalId: string; humanId: string },
  status: "confirmed" | "declined",
): Promise<Claimed> {
  const approval = await tx.approval.findUnique({ where: { id: input.approvalId } });
  const access = approval ? await findApprovalAccess(tx, input.humanId, approval.accountId) : null;
  // Not a member reads exactly like no such approval.
  if (!approval || !access) throw notFound("approvals", "approvalId", input.approvalId);
  if (!access.canResolve) {
    throw ownerRequired(access, "confirm or decline its payments");
  }

  const at = now();
  if (isDue(approval, at)) {
    await expireInTx(tx, approval);
    const expired = await tx.approval.findUniqueOrThrow({ where: { id: approval.id } });
    return { final: { approval: expired, outcome: expired.status, isMine: false } };
  }
  const moved = await tx.approval.updateMany({
    where: { id: approval.id, ...openWhere(at) },
    data: { status, pendingKey: null, resolvedAt: at, resolvedByHumanId: input.humanId },
  });
  if (moved.count === 0) {
    const current = await tx.approval.findUniqueOrThrow({ where: { id: approval.id } });
    return { final: { approval: current, outcome: current.status, isMine: false } };
  }
  return { approval, at };
}

async function finish(
  tx: Tx,
  approval: Approval,
  status: ApprovalStatus,
  result: Record<string, unknown>,
  events: NewEvent[],
) {
  const updated = await tx.approval.update({
    where: { id: approval.id },
    data: { status, result: JSON.stringify(result) },
  });
  await emitEvents(tx, [...events, finalEvent(approval, status)]);
  return updated;
}

/** One executor per type; each re-checks its preconditions and bound facts before it writes anything. */
function execute(tx: Tx, approval: Approval, at: Date, choices: ConfirmChoices): Promise<Execution> {
  switch (approval.type) {
    case "milestone_approve":
    case "milestone_fund":
      return executeMilestoneMove(tx, approval, at);
    case "proposal_hire":
      return executeHire(tx, approval, at, choices.milestone);
    case "contract_end":
      return executeContractEnd(tx, approval, at, choices.settlements ?? {});
  }
}

async function executeMilestoneMove(tx: Tx, approval: Approval, at: Date): Promise<Execution> {
  // The contract first: its row lock orders this against an end of the same contract (contract-lock.ts), and an
  // ended contract is the first precondition of both types anyway.
  if (!approval.contractId || !(await lockActiveContract(tx, approval.contractId, at)))
    return { cancelReason: "contract_ended" };
  const milestone = await tx.milestone.findUnique({
    where: { id: approval.milestoneId ?? "" },
    include: { contract: true },
  });
  if (!milestone) return { cancelReason: "terms_changed" };
  const { contract } = milestone;
  // The same preconditions as the agent's request (lib/milestones/preconditions.ts), now inside the transaction.
  const stateBlocker =
    approval.type === "milestone_approve"
      ? releaseBlocker({ milestone, contract })
      : fundingBlocker({ milestone, contract });
  if (stateBlocker) return { cancelReason: stateBlocker };
  if (!stillMatchesBoundFacts(approval, milestone, contract)) return { cancelReason: "terms_changed" };

  const orgAvailable = { kind: "ORG_AVAILABLE" as const, accountId: contract.accountId };
  const orgEscrow = { kind: "ORG_ESCROW" as const, accountId: contract.accountId };
  const needsCents = milestone.amountCents + fundingFees(milestone.amountCents, { isHire: false }).totalFeeCents;
  const lacksFunds =
    approval.type === "milestone_fund" && fundsBlocker(await balanceOf(tx, orgAvailable), { amountCents: needsCents });
  if (lacksFunds) return { cancelReason: lacksFunds };

  const nextStatus = approval.type === "milestone_approve" ? "COMPLETED" : "ACTIVE_FUNDED";
  const invoiceId = milestone.invoiceId ?? newId("inv");
  // Conditional on the status we just checked: belt and braces against any writer that is not this function.
  const moved = await tx.milestone.updateMany({
    where: { id: milestone.id, status: milestone.status, amountCents: milestone.amountCents },
    data: {
      status: nextStatus,
      invoiceId,
      updatedAt: at,
      ...(nextStatus === "COMPLETED" ? { needsReview: false } : {}),
    },
  });
  if (moved.count !== 1) return { cancelReason: "terms_changed" };
  if (!milestone.invoiceId) {
    await tx.invoice.create({
      data: {
        id: invoiceId,
        accountId: contract.accountId,
        milestoneId: milestone.id,
        amountCents: milestone.amountCents,
        createdAt: at,
      },
    });
  }

  const { transactionId } =
    approval.type === "milestone_approve"
      ? await postLedgerTransaction(tx, {
          kind: "RELEASE",
          memo: `Release milestone ${milestone.milestoneNumber}: ${milestone.name}`,
          approvalId: approval.id,
          milestoneId: milestone.id,
          moves: [
            {
              from: orgEscrow,
              to: { kind: "TRAINER_PAYOUT", freelancerId: contract.freelancerId },
              amountCents: milestone.amountCents,
            },
          ],
        })
      : await postFunding(tx, { accountId: contract.accountId, approvalId: approval.id, milestone, isHire: false });

  return {
    result:
      approval.type === "milestone_approve"
        ? { invoiceId, payoutTransactionId: transactionId }
        : { invoiceId, paymentIntentId: transactionId },
    events: [
      {
        accountId: contract.accountId,
        type: "milestone.status_changed",
        resourceId: milestone.id,
        jobId: contract.jobId,
        data: { milestoneId: milestone.id, contractId: contract.id, status: nextStatus },
      },
    ],
  };
}
