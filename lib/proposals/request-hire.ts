import "server-only";
import { conflictsOf, notFound } from "@/lib/api/errors";
import { findOrCreatePendingApproval } from "@/lib/approvals/request-approval";
import { db } from "@/lib/db";
import { balanceOf } from "@/lib/ledger/ledger-accounts";
import { fundingFees } from "@/lib/milestones/funding";
import { fundsBlocker } from "@/lib/milestones/preconditions";
import { usdToCents } from "@/lib/money";
import { hireTermsText } from "@/lib/proposals/hire-terms";
import { hireBlocker } from "@/lib/proposals/preconditions";
import { HIRE_CONFLICT_REASONS, type HireBody } from "@/lib/proposals/schemas";

const hireConflict = conflictsOf(HIRE_CONFLICT_REASONS);

/**
 * POST /proposals/{id}/hire: records (or returns) the pending `proposal_hire` approval. Nothing is created and no
 * money moves. Same terms → the same approval; other terms → a new one, the old one cancelled as `superseded`.
 * The balance check is advice to the agent: confirmation checks again inside the transaction that funds.
 */
export async function requestHire(input: {
  accountId: string;
  tokenId: string;
  proposalId: string;
  body: HireBody;
  baseUrl: string;
}) {
  const client = await db();
  const proposal = await client.proposal.findFirst({
    where: { id: input.proposalId, job: { accountId: input.accountId } },
    include: { job: true },
  });
  if (!proposal) throw notFound("proposals", "proposalId", input.proposalId);

  const amountCents = usdToCents(input.body.milestone.amount);
  const blocker =
    hireBlocker(proposal) ??
    fundsBlocker(await balanceOf(client, { kind: "ORG_AVAILABLE", accountId: input.accountId }), {
      amountCents: amountCents + fundingFees(amountCents, { isHire: true }).totalFeeCents,
    });
  if (blocker === "proposal_already_hired") throw hireConflict(blocker, "This proposal has already been hired.");
  if (blocker === "proposal_not_hireable") {
    throw hireConflict(blocker, `The proposal is ${proposal.status}; it cannot be hired.`, { status: proposal.status });
  }
  if (blocker === "payment_method_required") {
    throw hireConflict(
      blocker,
      "The account's available balance cannot cover the first milestone and its fees. Add funds first.",
      {
        billingUrl: `${input.baseUrl}/billing`,
      },
    );
  }

  return findOrCreatePendingApproval({
    type: "proposal_hire",
    accountId: input.accountId,
    targetId: proposal.id,
    contractId: null,
    milestoneId: null,
    jobId: proposal.jobId,
    proposalId: proposal.id,
    amountCents,
    payeeFreelancerId: proposal.freelancerId,
    terms: hireTermsText(input.body.milestone),
    supersedesOnNewFacts: true,
    requestedByTokenId: input.tokenId,
  });
}
