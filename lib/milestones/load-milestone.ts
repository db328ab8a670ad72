import "server-only";
import { notFound } from "@/lib/api/errors";
import { pendingKeyFor } from "@/lib/approvals/bound-facts";
import { readTokenAndMilestone, type MilestoneForApproval } from "@/lib/db";

type MilestoneApprovalType = "milestone_approve" | "milestone_fund";

/**
 * POST /milestones/{id}/approve and …/fund read the milestone, its contract and the approval of their type already
 * pending on it in the token lookup's statement (withAgent's preload): a replay is one round trip.
 */
function milestonePreload(type: MilestoneApprovalType) {
  return (publicId: string, { milestoneId }: { milestoneId: string }) =>
    readTokenAndMilestone(publicId, milestoneId, { type, key: pendingKeyFor(type, milestoneId) });
}
export const releasePreload = milestonePreload("milestone_approve");
export const fundingPreload = milestonePreload("milestone_fund");

/**
 * The milestone that the matching preload read, or 404 — another account's milestone reads exactly like a missing
 * one. A read for the other approval type would bring the wrong pending approval: refused, not used.
 */
export function getMilestoneForApprovalOrThrow(
  milestoneId: string,
  type: MilestoneApprovalType,
  preloaded: MilestoneForApproval | null,
): MilestoneForApproval {
  if (!preloaded) throw notFound("milestones", "milestoneId", milestoneId);
  if (preloaded.pendingType !== type)
    throw new Error(`getMilestoneForApprovalOrThrow: preloaded for ${preloaded.pendingType}, asked for ${type}`);
  return preloaded;
}
