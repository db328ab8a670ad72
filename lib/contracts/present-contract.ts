import { isOpen } from "@/lib/approvals/expire-approvals";
import { now } from "@/lib/clock";
import type { ApprovalStatus, Contract, Freelancer, Milestone } from "@/lib/db";
import { centsToUsd } from "@/lib/money";
import type { ContractResource } from "@/lib/contracts/schemas";
import type { MilestoneResource } from "@/lib/milestones/schemas";

type MilestoneWithApprovals = Milestone & { approvals: { status: ApprovalStatus; expiresAt: Date }[] };

/** Include this when loading milestones so pendingApproval can be shown. */
export const pendingApprovalsInclude = {
  approvals: { where: { status: "pending" as const }, select: { status: true, expiresAt: true } },
};

export function presentMilestone(milestone: MilestoneWithApprovals): MilestoneResource {
  const at = now();
  return {
    id: milestone.id,
    contractId: milestone.contractId,
    name: milestone.name,
    description: milestone.description,
    status: milestone.status,
    amountUsd: centsToUsd(milestone.amountCents),
    milestoneNumber: milestone.milestoneNumber,
    dueDate: milestone.dueDate?.toISOString() ?? null,
    pendingApproval: milestone.approvals.some((a) => isOpen(a, at)),
    needsReview: milestone.needsReview,
    invoiceId: milestone.invoiceId,
    createdAt: milestone.createdAt.toISOString(),
  };
}

export function presentContract(
  contract: Contract & { freelancer: Freelancer; milestones: MilestoneWithApprovals[] },
): ContractResource {
  return {
    id: contract.id,
    status: contract.status === "ACTIVE" ? ("active" as const) : ("ended" as const),
    title: contract.title,
    jobId: contract.jobId,
    proposalId: contract.proposalId,
    paymentType: contract.paymentType === "FIXED" ? ("fixed" as const) : ("hourly" as const),
    rateUsd: centsToUsd(contract.rateCents),
    freelancer: {
      userId: contract.freelancer.id,
      displayName: contract.freelancer.displayName,
      country: contract.freelancer.country,
    },
    milestones: [...contract.milestones].sort((a, b) => a.milestoneNumber - b.milestoneNumber).map(presentMilestone),
    createdAt: contract.createdAt.toISOString(),
    updatedAt: contract.updatedAt.toISOString(),
  };
}
