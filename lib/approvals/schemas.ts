import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { absoluteUrl, id, isoTimestamp, nextCursor } from "@/lib/api/schemas";

export const APPROVAL_TYPES = ["milestone_approve", "milestone_fund", "proposal_hire", "contract_end"] as const;
export const APPROVAL_STATUSES = ["pending", "confirmed", "declined", "expired", "cancelled"] as const;

/** The approval as every API response shows it (contract §2): only these fields, never the private columns. */
export const approvalResource = z.object({
  id,
  type: z.enum(APPROVAL_TYPES),
  status: z.enum(APPROVAL_STATUSES),
  contractId: id.nullable(),
  milestoneId: id.nullable(),
  jobId: id.nullable(),
  proposalId: id.nullable(),
  approvalUrl: absoluteUrl.meta({ description: "The page a signed-in human opens to confirm or decline." }),
  expiresAt: isoTimestamp,
  resolvedAt: isoTimestamp.nullable(),
  result: z.record(z.string(), z.unknown()).nullable().meta({
    description:
      "null until final. milestone_approve: {invoiceId, payoutTransactionId}; milestone_fund: {invoiceId, paymentIntentId}; proposal_hire: {hired, contractId, jobId, freelancerUserId}; contract_end: {contractEnded, refunded, released}; declined: {declined, reason}; cancelled: {cancelled, reason}.",
  }),
  createdAt: isoTimestamp,
});
export type ApprovalResource = z.infer<typeof approvalResource>;

/** GET /approvals/{id}, POST /approvals/{id}/cancel. */
export const approvalResponse = z.object({ approval: approvalResource });
/** Every 202: the pending approval and, in words, that nothing has moved until a human confirms. */
export const approvalRequestedResponse = z.object({ approval: approvalResource, message: z.string() });
/** GET /approvals. */
export const approvalsPageResponse = z.object({ approvals: z.array(approvalResource), nextCursor });

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
