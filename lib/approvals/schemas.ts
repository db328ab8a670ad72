import { resourceId } from "@/lib/api/resource-id";

export const APPROVAL_TYPES = ["milestone_approve", "milestone_fund", "proposal_hire", "contract_end"] as const;
export const APPROVAL_STATUSES = ["pending", "confirmed", "declined", "expired", "cancelled"] as const;

/** The approval as every API response shows it (contract §2): only these fields, never the private columns. */
export type ApprovalResource = {
  id: string;
  type: (typeof APPROVAL_TYPES)[number];
  status: (typeof APPROVAL_STATUSES)[number];
  contractId: string | null;
  milestoneId: string | null;
  jobId: string | null;
  proposalId: string | null;
  approvalUrl: string;
  expiresAt: string;
  resolvedAt: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
};

export const approvalIdParams = { approvalId: resourceId };
