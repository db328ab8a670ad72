import "server-only";
import { notFound } from "@/lib/api/errors";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { readTokenAndApproval, type Approval } from "@/lib/db";

/** GET /approvals/{id} reads the approval in the token lookup's statement (withAgent's preload): one round trip. */
export const approvalPreload = (publicId: string, { approvalId }: { approvalId: string }) =>
  readTokenAndApproval(publicId, approvalId);

/**
 * One approval of this account as it is now (a due one reads as expired), or 404. `preloaded` is what
 * approvalPreload read for this id — null when the account has none with that id.
 */
export async function getApprovalOrThrow(approvalId: string, preloaded: Approval | null) {
  if (!preloaded) throw notFound("approvals", "approvalId", approvalId);
  return refreshIfDue(preloaded);
}
