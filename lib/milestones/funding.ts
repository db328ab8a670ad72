import "server-only";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { postLedgerTransaction } from "@/lib/ledger/post-ledger-transaction";
import { usdToCents } from "@/lib/money";

// The one funding path: a milestone_fund confirmation and a hire's first milestone both move money into escrow
// here, and both take the platform's fees here (contract §6: taken at funding, available → platform fees).

export type FundingFees = { platformFeeCents: number; contractFeeCents: number; totalFeeCents: number };

/**
 * The fees on funding `amountCents`, from configuration (default none): PLATFORM_FEE_PERCENT of every funded
 * amount, rounded to the cent, plus CONTRACT_FEE_USD once per hire. The co-sign page shows the same numbers.
 */
export function fundingFees(amountCents: number, options: { isHire: boolean }): FundingFees {
  const { PLATFORM_FEE_PERCENT, CONTRACT_FEE_USD } = env();
  const platformFeeCents = Math.round((amountCents * PLATFORM_FEE_PERCENT) / 100);
  const contractFeeCents = options.isHire ? usdToCents(CONTRACT_FEE_USD) : 0;
  return { platformFeeCents, contractFeeCents, totalFeeCents: platformFeeCents + contractFeeCents };
}

/**
 * Inside the confirmation's transaction: the account's available balance → escrow (the milestone's amount) and →
 * platform fees (the fees), as one ledger transaction. A balance that cannot cover both rolls the whole
 * confirmation back (InsufficientFundsError): nothing is funded without its fees paid.
 */
export async function postFunding(
  tx: Tx,
  input: {
    accountId: string;
    approvalId: string;
    milestone: { id: string; milestoneNumber: number; name: string; amountCents: number };
    isHire: boolean;
  },
) {
  const available = { kind: "ORG_AVAILABLE" as const, accountId: input.accountId };
  const fees = fundingFees(input.milestone.amountCents, { isHire: input.isHire });
  const { transactionId } = await postLedgerTransaction(tx, {
    kind: "FUND",
    memo: `Fund milestone ${input.milestone.milestoneNumber}: ${input.milestone.name}`,
    approvalId: input.approvalId,
    milestoneId: input.milestone.id,
    moves: [
      {
        from: available,
        to: { kind: "ORG_ESCROW", accountId: input.accountId },
        amountCents: input.milestone.amountCents,
      },
      ...(fees.totalFeeCents > 0
        ? [{ from: available, to: { kind: "PLATFORM_FEES" as const }, amountCents: fees.totalFeeCents }]
        : []),
    ],
  });
  return { transactionId, fees };
}
