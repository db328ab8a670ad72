import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";

export const APPROVAL_TYPES = ["milestone_approve", "milestone_fund", "proposal_hire", "contract_end"] as const;
export const APPROVAL_STATUSES = ["pending", "confirmed", "declined", "expired", "cancelled"] as const;

/** The approval as every API response shows it (contract §2). Parsing through it keeps private columns out. */
export const approvalResource = z.object({
  id: z.string(),
  type: z.enum(APPROVAL_TYPES),
  status: z.enum(APPROVAL_STATUSES),
  contractId: z.string().nullable(),
  milestoneId: z.string().nullable(),
  jobId: z.string().nullable(),
  proposalId: z.string().nullable(),
  approvalUrl: z.url(),
  expiresAt: z.string(),
  resolvedAt: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type ApprovalResource = z.infer<typeof approvalResource>;

export const approvalIdParams = { approvalId: resourceId };
