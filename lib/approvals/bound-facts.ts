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
};

export function hashBoundFacts(facts: BoundFacts): string {
  const canonical = JSON.stringify([facts.type, facts.accountId, facts.contractId, facts.milestoneId, facts.amountCents, facts.payeeFreelancerId]);
  return createHash("sha256").update(canonical).digest("hex");
}

export function pendingKeyFor(type: string, targetId: string) {
  return `${type}:${targetId}`;
}
