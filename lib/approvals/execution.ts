import type { HireConflictReason } from "@/lib/proposals/schemas";
import type { FundConflictReason, ReleaseConflictReason } from "@/lib/milestones/schemas";
import type { Settlement } from "@/lib/contracts/schemas";
import type { NewEvent } from "@/lib/events/emit-events";

/** Why a confirmation found that its preconditions no longer hold: the request's reasons, or changed terms. */
export type CancelReason = ReleaseConflictReason | FundConflictReason | HireConflictReason | "terms_changed";

/** What an executor did (its result and events, written with the approval) or why it moved nothing. */
export type Execution = { result: Record<string, unknown>; events: NewEvent[] } | { cancelReason: CancelReason };

/**
 * What the human decided on the page beyond "confirm", for the types that ask: a hire's first milestone as they
 * adjusted it (the confirmed values win), an end's refund-or-release per funded milestone (refund when not given).
 */
export type ConfirmChoices = {
  milestone?: { name: string; description: string; amountCents: number };
  settlements?: Record<string, Settlement>;
};
