import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
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
