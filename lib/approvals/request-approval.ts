import "server-only";
import { pendingEvent } from "@/lib/approvals/approval-events";
import { hashBoundFacts, pendingKeyFor } from "@/lib/approvals/bound-facts";
import { supersedeApproval } from "@/lib/approvals/cancel-approval";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { now } from "@/lib/clock";
import {
  insertApprovalWithEvents,
  isUniqueViolation,
  readApprovalByPendingKey,
  type Approval,
  type ApprovalType,
} from "@/lib/db";
import { env } from "@/lib/env";
import { toEventRows } from "@/lib/events/emit-events";
import { newId } from "@/lib/ids";

export type ApprovalRequest = {
  type: ApprovalType;
  accountId: string;
  /** What "one pending approval per (type, target)" is counted on: the milestone, contract or proposal id. */
  targetId: string;
  contractId: string | null;
  milestoneId: string | null;
  jobId: string | null;
  proposalId: string | null;
  amountCents: number;
  payeeFreelancerId: string | null;
  /** Bound terms beyond amount and payee (Approval.terms), as JSON text; part of the facts hash. */
  terms?: string | null;
  /**
   * A pending approval whose bound facts differ from this request's is replaced: cancelled with reason
   * `superseded`, and a new one recorded (a hire with other terms, an end after the funded milestones changed).
   * Without it the pending one is returned whatever it binds (a release or funding: the milestone is the request).
   */
  supersedesOnNewFacts?: boolean;
  requestedByTokenId: string;
  /**
   * What the caller's own read found pending under this type and target (null: nothing), so the first attempt need
   * not look again; undefined makes it look itself.
   */
  pending?: Approval | null;
};

/**
 * Records a pending approval, or returns the one already pending for the same type and target (idempotent).
 *
 * Concurrency: the unique index on pendingKey is the arbiter, not this code. Of N simultaneous first requests one
 * insert wins; the others fail with a unique violation, re-read, and return the winner's approval.
 */
export async function findOrCreatePendingApproval(
  request: ApprovalRequest,
): Promise<{ approval: Approval; isNew: boolean }> {
  const pendingKey = pendingKeyFor(request.type, request.targetId);
  const factsHash = hashBoundFacts({ ...request });

  // Each failed attempt means another request's insert won, and that request is done: with N concurrent requests
  // for one key, none loops more than N times (superseding requests with different terms are the slow case).
  for (let attempt = 0; attempt < 25; attempt++) {
    // A lookup by the unique pendingKey — skipped on the first attempt when the caller already read it.
    const existing =
      attempt === 0 && request.pending !== undefined ? request.pending : await readApprovalByPendingKey(pendingKey);
    if (existing) {
      // A pending one past its window is expired here (with its event), which frees the key for a new request.
      const current = await refreshIfDue(existing);
      if (current.status === "pending") {
        if (!request.supersedesOnNewFacts || current.factsHash === factsHash)
          return { approval: current, isNew: false };
        // Other terms: the old approval no longer describes what the agent wants. Its cancellation is a conditional
        // write, so a human confirming it at this moment keeps their outcome; either way the key is free after it.
        await supersedeApproval(current);
      }
    }
    const createdAt = now();
    const approval: Approval = {
      id: newId("apr"),
      type: request.type,
      status: "pending",
      accountId: request.accountId,
      contractId: request.contractId,
      milestoneId: request.milestoneId,
      jobId: request.jobId,
      proposalId: request.proposalId,
      pendingKey,
      amountCents: request.amountCents,
      payeeFreelancerId: request.payeeFreelancerId,
      factsHash,
      terms: request.terms ?? null,
      requestedByTokenId: request.requestedByTokenId,
      expiresAt: new Date(createdAt.getTime() + env().APPROVAL_WINDOW_SECONDS * 1000),
      resolvedAt: null,
      resolvedByHumanId: null,
      result: null,
      createdAt,
    };
    try {
      // Recorded with its payment.pending event, in one transaction.
      await insertApprovalWithEvents(approval, toEventRows([pendingEvent(approval)]));
      return { approval, isNew: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request created it (or a stale pending one still holds the key): loop, re-read, return, expire or
      // supersede it. Of two concurrent requests with different terms the later insert wins; one stays pending.
    }
  }
  throw new Error(`findOrCreatePendingApproval: no stable outcome for ${pendingKey}`);
}
