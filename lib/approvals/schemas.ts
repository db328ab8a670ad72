import { z } from "zod";
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

// Each endpoint's 409 reasons.
/** POST /approvals/{id}/cancel */
export const CANCEL_CONFLICT_REASONS = ["approval_not_pending"] as const;

/** GET /approvals query: an unknown status or type is a 400 naming the field. */
export const listApprovalsQuery = {
  status: z.enum(APPROVAL_STATUSES).optional(),
  type: z.enum(APPROVAL_TYPES).optional(),
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};
