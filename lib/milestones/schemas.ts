import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { id, isoTimestamp } from "@/lib/api/schemas";
import type { MilestoneStatus } from "@/lib/db";
import { storableDate } from "@/lib/dates";
import { amountUsd } from "@/lib/money";
import { storableText } from "@/lib/text";

export const milestoneIdParams = { milestoneId: resourceId };
export const contractIdParams = { contractId: resourceId };

/** POST /contracts/{id}/milestones body. */
export const createMilestoneBody = z.object({
  name: storableText.pipe(z.string().trim().min(1).max(200)).optional(),
  description: storableText.pipe(z.string().trim().min(1).max(5000)),
  amountUsd,
  dueDate: storableDate.optional().nullable(),
});
export type CreateMilestoneBody = z.infer<typeof createMilestoneBody>;

export const MILESTONE_STATUSES = [
  "NOT_FUNDED",
  "ACTIVE_FUNDED",
  "COMPLETED",
  "CANCELLED",
  "REFUNDED",
] as const satisfies readonly MilestoneStatus[];

/** The milestone as the API shows it (contract §2). */
export const milestoneResource = z.object({
  id,
  contractId: id,
  name: z.string(),
  description: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  amountUsd: z.number(),
  milestoneNumber: z.int().positive(),
  dueDate: isoTimestamp.nullable(),
  pendingApproval: z.boolean().meta({ description: "A co-sign approval is pending on it." }),
  needsReview: z.boolean().meta({ description: "The trainer has delivered and asked to be paid." }),
  invoiceId: id.nullable(),
  createdAt: isoTimestamp,
});
export type MilestoneResource = z.infer<typeof milestoneResource>;
/** POST /contracts/{id}/milestones → 201. */
export const milestoneCreatedResponse = z.object({ milestone: milestoneResource });

// Each endpoint's 409 reasons, checked in this order (contract §3).
/** POST /milestones/{id}/approve */
export const RELEASE_CONFLICT_REASONS = [
  "contract_ended",
  "milestone_cancelled",
  "milestone_not_funded",
  "milestone_not_releasable",
] as const;
/** POST /milestones/{id}/fund */
export const FUND_CONFLICT_REASONS = [
  "contract_ended",
  "milestone_cancelled",
  "milestone_not_fundable",
  "payment_method_required",
] as const;
/** POST /contracts/{id}/milestones */
export const CREATE_MILESTONE_CONFLICT_REASONS = ["contract_ended"] as const;

export type ReleaseConflictReason = (typeof RELEASE_CONFLICT_REASONS)[number];
export type FundConflictReason = (typeof FUND_CONFLICT_REASONS)[number];
