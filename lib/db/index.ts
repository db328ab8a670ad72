import "server-only";
import { disconnectClient } from "@/lib/db/client";
import { closeDirect } from "@/lib/db/direct";
import { stopEventListener } from "@/lib/db/event-wakes";

// The one owner of database access. Services use Prisma through db() for everything but the hot paths; those
// call the named statements below, each defined once in this folder beside the code that maps its rows. Nothing
// outside lib/db holds SQL text.
export { db, isPostgres, isUniqueViolation, type Db, type Tx } from "@/lib/db/client";
export type * from "@/lib/db/types";
export { insertApprovalWithEvents, readApprovalByPendingKey, readDueApprovals } from "@/lib/db/approvals";
export { insertNoticesIfAbsent, readUnplannedOwners, type PlannedNotice, type UnplannedOwner } from "@/lib/db/notices";
export { newestFirst, pageOf } from "@/lib/db/pages";
export { lockAccountForTokens } from "@/lib/db/api-tokens";
export { lockEmailForMembership } from "@/lib/db/memberships";
export { addRateLimitPoints } from "@/lib/db/rate-limits";
export {
  ensureEventListener,
  LISTEN_APPLICATION_NAME,
  onEventWake,
  stopEventListener,
  type EventWake,
} from "@/lib/db/event-wakes";
export { lockEventOrder, readEvents, type EventRow, type FeedEvent } from "@/lib/db/events";
export { claimDueDeliveries, type ClaimedDelivery } from "@/lib/db/webhooks";
export type { MilestoneForApproval, MilestoneWithContract } from "@/lib/db/milestones";
export {
  readToken,
  readTokenAndAnyDueApproval,
  readTokenAndApproval,
  readTokenAndMilestone,
  type TokenAnd,
  type TokenRecord,
} from "@/lib/db/token-reads";

/** Closes the Prisma client, the direct connection and the LISTEN connection (tests and scripts switch databases). */
export async function disconnectDb() {
  await stopEventListener();
  await disconnectClient();
  await closeDirect();
}
