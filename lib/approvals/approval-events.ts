import type { Approval, ApprovalStatus } from "@/lib/db";
import type { NewEvent } from "@/lib/events/emit-events";

// The two events of an approval's life, built in one place: `payment.pending` when it is recorded and
// `approval.confirmed` (the contract's name for "final", whatever the status) when it ends — confirmed, declined,
// expired or cancelled. Ids only (contract §2), so any token that may read payments may read them.
type Subject = Pick<Approval, "id" | "type" | "accountId" | "jobId" | "milestoneId" | "contractId" | "proposalId">;

/** The event a new pending approval is recorded with: its id, type and whichever targets it names. */
export function pendingEvent(approval: Subject): NewEvent {
  return {
    accountId: approval.accountId,
    type: "payment.pending",
    resourceId: approval.id,
    jobId: approval.jobId,
    data: {
      approvalId: approval.id,
      type: approval.type,
      ...(approval.milestoneId ? { milestoneId: approval.milestoneId } : {}),
      ...(approval.contractId ? { contractId: approval.contractId } : {}),
      ...(approval.proposalId ? { proposalId: approval.proposalId } : {}),
    },
  };
}

/** The event an approval ends with, in the transaction that makes its status final. */
export function finalEvent(
  approval: Pick<Approval, "id" | "type" | "accountId" | "jobId">,
  status: ApprovalStatus,
): NewEvent {
  return {
    accountId: approval.accountId,
    type: "approval.confirmed",
    resourceId: approval.id,
    jobId: approval.jobId,
    data: { approvalId: approval.id, status, type: approval.type },
  };
}
