import { createHash } from "node:crypto";

/**
 * What a human is shown and agrees to: the action, its target, the amount and the payee. Hashed when the agent asks;
 * confirmation recomputes it from the current rows, and any difference voids the approval ([beyond] contract §2).
 */
export type BoundFacts = {
  type: string;
  accountId: string;
  contractId: string | null;
  milestoneId: string | null;
  amountCents: number;
  payeeFreelancerId: string | null;
  /** The rest of what the human is shown, as stored JSON (Approval.terms): a hire's milestone, an end's milestones. */
  terms?: string | null;
};

export function hashBoundFacts(facts: BoundFacts): string {
  const bound = [
    facts.type,
    facts.accountId,
    facts.contractId,
    facts.milestoneId,
    facts.amountCents,
    facts.payeeFreelancerId,
  ];
  // Appended only when there are terms, so every hash recorded before terms existed still verifies.
  const canonical = JSON.stringify(facts.terms ? [...bound, facts.terms] : bound);
  return createHash("sha256").update(canonical).digest("hex");
}

export function pendingKeyFor(type: string, targetId: string) {
  return `${type}:${targetId}`;
}

/** Whether the milestone and contract as they are now still match the facts the approval bound when it was asked. */
export function stillMatchesBoundFacts(
  approval: { type: string; accountId: string; factsHash: string },
  milestone: { id: string; amountCents: number },
  contract: { id: string; accountId: string; freelancerId: string },
): boolean {
  return (
    contract.accountId === approval.accountId &&
    hashBoundFacts({
      type: approval.type,
      accountId: contract.accountId,
      contractId: contract.id,
      milestoneId: milestone.id,
      amountCents: milestone.amountCents,
      payeeFreelancerId: contract.freelancerId,
    }) === approval.factsHash
  );
}
