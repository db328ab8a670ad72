import type { ApprovalStatus, LedgerTransactionKind, MilestoneStatus, TopUpStatus } from "@/lib/db";

// The one place where stored status names become words a human reads. Every page that shows a status goes through
// these tables, so an enum name (ACTIVE_FUNDED, NOT_FUNDED, pending) never reaches the screen. The compiler checks
// that each table covers its whole enum. Proposal statuses already have their labels beside the API schema (the API
// answers `{raw, label}`), so those are the same words here.
export { PROPOSAL_STATUS_LABELS } from "@/lib/proposals/schemas";

export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  declined: "Declined",
  expired: "Expired",
  cancelled: "Cancelled",
};

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  NOT_FUNDED: "Not funded yet",
  ACTIVE_FUNDED: "Funded: held in escrow",
  COMPLETED: "Paid to the trainer",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded to the account",
};

export const TOP_UP_STATUS_LABELS: Record<TopUpStatus, string> = {
  PENDING: "Waiting for payment",
  COMPLETED: "Paid",
  EXPIRED: "Expired",
  CANCELED: "Canceled",
};

export const LEDGER_KIND_LABELS: Record<LedgerTransactionKind, string> = {
  TOP_UP: "Top-up",
  FUND: "Funding",
  RELEASE: "Payout",
  REFUND: "Refund",
};
