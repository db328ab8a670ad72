import type { Freelancer, Proposal } from "@/lib/db";
import { centsToUsd } from "@/lib/money";
import { PROPOSAL_STATUS_LABELS, type ProposalResource } from "@/lib/proposals/schemas";

/** The proposal as the API shows it (contract §6). Trainers appear as first name + last initial, never an email. */
export function presentProposal(proposal: Proposal & { freelancer: Freelancer }): ProposalResource {
  return {
    id: proposal.id,
    jobId: proposal.jobId,
    status: { raw: proposal.status, label: PROPOSAL_STATUS_LABELS[proposal.status] },
    freelancer: {
      userId: proposal.freelancer.id,
      displayName: proposal.freelancer.displayName,
      country: proposal.freelancer.country,
    },
    coverLetter: proposal.coverLetter,
    rateUsd: centsToUsd(proposal.rateCents),
    createdAt: proposal.createdAt.toISOString(),
  };
}
