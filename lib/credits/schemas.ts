import { z } from "zod";
import { resourceId } from "@/lib/api/resource-id";
import { absoluteUrl, id, isoTimestamp, nextCursor } from "@/lib/api/schemas";
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
export const topUpResource = z.object({
  id,
  status: z.enum(TOP_UP_STATUSES),
  amountCents: z.int().positive(),
  createdAt: isoTimestamp,
  completedAt: isoTimestamp.nullable(),
  expiresAt: isoTimestamp,
});
export type TopUpResource = z.infer<typeof topUpResource>;

/** What POST /credits/top-ups and GET /credits/top-ups/{id} answer ([ours]: the GET is the POST's body without message). */
export const topUpEnvelopeResponse = z.object({
  topUpId: id,
  checkoutUrl: absoluteUrl.meta({ description: "The sandbox checkout page a signed-in owner completes." }),
  expiresAt: isoTimestamp,
  topUp: topUpResource,
});
export type TopUpEnvelope = z.infer<typeof topUpEnvelopeResponse>;
export const topUpCreatedResponse = topUpEnvelopeResponse.extend({ message: z.string() });

/** One movement of the account's credit. */
export const creditEntry = z.object({
  id,
  type: z.enum(CREDIT_ENTRY_TYPES),
  amountCents: z.int().meta({ description: "Signed: what the movement did to the credit." }),
  createdAt: isoTimestamp,
  contractId: id.nullable(),
  milestoneId: id.nullable(),
  topUpId: id.nullable(),
  note: z.string(),
});
export type CreditEntry = z.infer<typeof creditEntry>;

/** GET /credits (zeros, never 404). */
export const creditsResponse = z.object({
  credits: z.object({
    availableCents: z.int(),
    reservedCents: z.int(),
    currency: z.literal("usd"),
    recentEntries: z.array(creditEntry),
  }),
});
/** GET /credits/ledger. */
export const creditEntriesPageResponse = z.object({ entries: z.array(creditEntry), nextCursor });
