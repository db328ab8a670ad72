import { expect } from "vitest";
import { db } from "@/lib/db";

/**
 * The money and approval invariants; every test that moves money ends by asserting them.
 * Returns the list of violations (empty when all hold) so race suites can print them.
 */
export async function findInvariantViolations(): Promise<string[]> {
  const client = await db();
  const violations: string[] = [];

  const entries = await client.ledgerEntry.findMany({
    select: { transactionId: true, ledgerAccountId: true, amountCents: true },
  });
  const byTransaction = new Map<string, number>();
  const byAccount = new Map<string, number>();
  for (const e of entries) {
    byTransaction.set(e.transactionId, (byTransaction.get(e.transactionId) ?? 0) + e.amountCents);
    byAccount.set(e.ledgerAccountId, (byAccount.get(e.ledgerAccountId) ?? 0) + e.amountCents);
  }
  for (const [id, sum] of byTransaction)
    if (sum !== 0) violations.push(`ledger transaction ${id} sums to ${sum}, not 0`);

  const accounts = await client.ledgerAccount.findMany();
  for (const a of accounts) {
    const sum = byAccount.get(a.id) ?? 0;
    if (sum !== a.balanceCents)
      violations.push(`ledger account ${a.key}: cached balance ${a.balanceCents} ≠ entries ${sum}`);
    if (a.kind !== "EXTERNAL" && a.balanceCents < 0)
      violations.push(`ledger account ${a.key} is negative: ${a.balanceCents}`);
  }

  const funded = await client.milestone.findMany({
    where: { status: "ACTIVE_FUNDED" },
    include: { contract: { select: { accountId: true } } },
  });
  const expectedEscrow = new Map<string, number>();
  for (const m of funded)
    expectedEscrow.set(m.contract.accountId, (expectedEscrow.get(m.contract.accountId) ?? 0) + m.amountCents);
  for (const a of accounts.filter((x) => x.kind === "ORG_ESCROW")) {
    const expected = expectedEscrow.get(a.accountId ?? "") ?? 0;
    if (a.balanceCents !== expected)
      violations.push(`escrow of ${a.accountId} is ${a.balanceCents}, funded milestones hold ${expected}`);
  }

  const approvals = await client.approval.findMany();
  const pendingByTarget = new Map<string, number>();
  for (const a of approvals.filter((x) => x.status === "pending")) {
    const key = `${a.type}:${a.milestoneId ?? a.contractId ?? a.proposalId}`;
    pendingByTarget.set(key, (pendingByTarget.get(key) ?? 0) + 1);
  }
  for (const [key, n] of pendingByTarget) if (n > 1) violations.push(`${n} pending approvals for ${key}`);

  const transactions = await client.ledgerTransaction.findMany({ where: { approvalId: { not: null } } });
  const txByApproval = new Map<string, number>();
  for (const t of transactions) txByApproval.set(t.approvalId!, (txByApproval.get(t.approvalId!) ?? 0) + 1);
  const releasesByMilestone = new Map<string, number>();
  for (const t of await client.ledgerTransaction.findMany({ where: { kind: { in: ["RELEASE", "REFUND"] } } })) {
    releasesByMilestone.set(t.milestoneId!, (releasesByMilestone.get(t.milestoneId!) ?? 0) + 1);
  }
  // A milestone's escrow leaves once: released or refunded, never both, never twice.
  for (const [id, n] of releasesByMilestone)
    if (n > 1) violations.push(`milestone ${id} paid out or refunded ${n} times`);

  // An ended contract holds no escrow: every funded milestone was settled when it ended.
  const fundedOnEnded = await client.milestone.count({
    where: { status: "ACTIVE_FUNDED", contract: { status: "ENDED" } },
  });
  if (fundedOnEnded > 0) violations.push(`${fundedOnEnded} funded milestones on ended contracts`);

  // Money in: a completed top-up was credited exactly once, for its amount, from EXTERNAL to its account's available
  // balance; a top-up in any other state credited nothing. (The seed's opening balances are TOP_UPs with no top-up.)
  const topUpTransactions = await client.ledgerTransaction.findMany({
    where: { topUpId: { not: null } },
    include: { entries: { include: { ledgerAccount: { select: { key: true } } } } },
  });
  const creditsByTopUp = new Map<string, (typeof topUpTransactions)[number][]>();
  for (const t of topUpTransactions) creditsByTopUp.set(t.topUpId!, [...(creditsByTopUp.get(t.topUpId!) ?? []), t]);
  for (const topUp of await client.topUp.findMany()) {
    const credits = creditsByTopUp.get(topUp.id) ?? [];
    if (topUp.status !== "COMPLETED") {
      if (credits.length !== 0) violations.push(`${topUp.status} top-up ${topUp.id} credited ${credits.length} times`);
      continue;
    }
    if (credits.length !== 1) violations.push(`completed top-up ${topUp.id} credited ${credits.length} times`);
    const legs = credits[0]?.entries.map((e) => `${e.ledgerAccount.key}:${e.amountCents}`).sort() ?? [];
    const expected = [`EXTERNAL:${-topUp.amountCents}`, `ORG_AVAILABLE:${topUp.accountId}:${topUp.amountCents}`].sort();
    if (credits[0] && (credits[0].kind !== "TOP_UP" || JSON.stringify(legs) !== JSON.stringify(expected))) {
      violations.push(
        `top-up ${topUp.id} was credited as ${credits[0].kind} ${legs.join(" ")}, not ${expected.join(" ")}`,
      );
    }
  }

  const events = await client.event.findMany({ where: { type: "approval.confirmed" } });
  const finalEvents = new Map<string, number>();
  for (const e of events) finalEvents.set(e.resourceId, (finalEvents.get(e.resourceId) ?? 0) + 1);
  for (const a of approvals) {
    const executed = txByApproval.get(a.id) ?? 0;
    // A contract_end settles each of its funded milestones in a ledger transaction of its own; the rest move once.
    const settled = a.type === "contract_end" && a.status === "confirmed" && a.result ? JSON.parse(a.result) : null;
    const expected = settled ? settled.refunded.length + settled.released.length : 1;
    if (a.status === "confirmed" && executed !== expected)
      violations.push(`confirmed approval ${a.id} executed ${executed} times, not ${expected}`);
    if (a.status !== "confirmed" && executed !== 0) violations.push(`${a.status} approval ${a.id} moved money`);
    const n = finalEvents.get(a.id) ?? 0;
    if (a.status === "pending" && n !== 0) violations.push(`pending approval ${a.id} has ${n} final events`);
    if (a.status !== "pending" && n !== 1)
      violations.push(`${a.status} approval ${a.id} has ${n} approval.confirmed events`);
  }
  return violations;
}

export async function expectInvariants() {
  expect(await findInvariantViolations()).toEqual([]);
}
