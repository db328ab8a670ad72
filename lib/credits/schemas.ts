import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import type { LedgerTransactionKind } from "@/lib/db";
import { formatUsd } from "@/lib/money";

// Credits and top-ups (contract §6). The checkout is a sandbox: a top-up charges nothing until a human completes it.
export const MIN_TOP_UP_CENTS = 1_000; // $10.00
export const MAX_TOP_UP_CENTS = 1_000_000; // $10,000.00
/** How long a checkout link stays usable ("~24 h" in the contract). */
export const TOP_UP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The amount of a top-up in dollars: the API body and the /billing form parse it with this one schema. */
export const topUpAmountUsd = z
  .number({ error: "must be a number of dollars" })
  .min(MIN_TOP_UP_CENTS / 100, `must be at least ${formatUsd(MIN_TOP_UP_CENTS)}`)
  .max(MAX_TOP_UP_CENTS / 100, `must be at most ${formatUsd(MAX_TOP_UP_CENTS)}`)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "must have at most 2 decimals");

/** POST /credits/top-ups body. */
export const createTopUpBody = z.object({ amountUsd: topUpAmountUsd });

export const topUpIdParams = { topUpId: resourceId };

/** GET /credits/ledger query: the cursor is the last entry's id of the previous page. */
export const creditLedgerQuery = {
  cursor: resourceId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
};

export const TOP_UP_STATUSES = ["PENDING", "COMPLETED", "EXPIRED", "CANCELED"] as const;
export type TopUpStatusName = (typeof TOP_UP_STATUSES)[number];

export const CREDIT_ENTRY_TYPES = ["TOP_UP", "HOLD", "HOLD_RELEASE", "CAPTURE", "REFUND", "ADJUSTMENT"] as const;
export type CreditEntryType = (typeof CREDIT_ENTRY_TYPES)[number];

/**
 * Our ledger kinds as the contract's entry types, seen from the account's credit (docs/decisions/0006): funding puts a
 * hold on available credit, a release captures it, a refund of escrow releases the hold. A Record, so a new kind
 * does not compile until it is given a wire name.
 */
export const ENTRY_TYPE_OF_KIND: Record<LedgerTransactionKind, CreditEntryType> = {
  TOP_UP: "TOP_UP",
  FUND: "HOLD",
  RELEASE: "CAPTURE",
  REFUND: "HOLD_RELEASE",
};

/** A top-up as every API response shows it. */
export type TopUpResource = {
  id: string;
  status: TopUpStatusName;
  amountCents: number;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string;
};

/** What POST /credits/top-ups and GET /credits/top-ups/{id} answer ([ours]: the GET is the POST's body without message). */
export type TopUpEnvelope = { topUpId: string; checkoutUrl: string; expiresAt: string; topUp: TopUpResource };

/** One movement of the account's credit. */
export type CreditEntry = {
  id: string;
  type: CreditEntryType;
  amountCents: number;
  createdAt: string;
  contractId: string | null;
  milestoneId: string | null;
  topUpId: string | null;
  note: string;
};
