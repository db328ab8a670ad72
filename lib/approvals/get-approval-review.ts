import "server-only";
import { stillMatchesBoundFacts } from "@/lib/approvals/bound-facts";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { findApprovalAccess } from "@/lib/approvals/human-access";
import { db } from "@/lib/db";
import { balanceOf } from "@/lib/ledger/ledger-accounts";
import { formatUsd } from "@/lib/money";

export type ApprovalReview = NonNullable<Awaited<ReturnType<typeof getApprovalReview>>>;

/**
 * Everything the co-sign page shows, from server data only. null when the approval does not exist or the human is
 * not a member of its account — the page shows the same not-found for both. `canResolve`: whether this human may
 * confirm or decline it (lib/approvals/human-access.ts).
 */
export async function getApprovalReview(input: { approvalId: string; humanId: string }) {
  const client = await db();
  const found = await client.approval.findUnique({ where: { id: input.approvalId } });
  if (!found) return null;
  const access = await findApprovalAccess(client, input.humanId, found.accountId);
  if (!access) return null;
  const approval = await refreshIfDue(found);

  const [milestone, token, resolvedBy] = await Promise.all([
    approval.milestoneId
      ? client.milestone.findUnique({ where: { id: approval.milestoneId }, include: { contract: { include: { job: true, freelancer: true } } } })
      : null,
    approval.requestedByTokenId ? client.apiToken.findUnique({ where: { id: approval.requestedByTokenId }, select: { label: true } }) : null,
    approval.resolvedByHumanId ? client.human.findUnique({ where: { id: approval.resolvedByHumanId }, select: { name: true } }) : null,
  ]);
  const contract = milestone?.contract ?? null;
  const available = await balanceOf(client, { kind: "ORG_AVAILABLE", accountId: approval.accountId });
  const escrow = await balanceOf(client, { kind: "ORG_ESCROW", accountId: approval.accountId });

  const amount = formatUsd(approval.amountCents);
  const payee = contract?.freelancer.displayName ?? "the trainer";
  const where = milestone ? `milestone ${milestone.milestoneNumber} of “${contract?.title}”` : "this contract";
  const summary =
    approval.type === "milestone_approve"
      ? `Release ${amount} from escrow to ${payee} for ${where}.`
      : approval.type === "milestone_fund"
        ? `Move ${amount} from the available balance of ${access.accountName} into escrow for ${payee}, ${where}.`
        : `${approval.type.replace("_", " ")} for ${where}.`;

  const isRelease = approval.type === "milestone_approve";
  const balances = {
    availableBefore: available,
    availableAfter: isRelease ? available : available - approval.amountCents,
    escrowBefore: escrow,
    escrowAfter: isRelease ? escrow - approval.amountCents : escrow + approval.amountCents,
  };

  // Shown before the human acts: the facts bound at request time no longer match, so confirming will void it.
  const hasChanged = approval.status === "pending" && (!milestone || !contract || !stillMatchesBoundFacts(approval, milestone, contract));

  return {
    approval,
    result: approval.result ? (JSON.parse(approval.result) as Record<string, unknown>) : null,
    accountName: access.accountName,
    summary,
    amountCents: approval.amountCents,
    payee: contract ? { name: contract.freelancer.displayName, country: contract.freelancer.country } : null,
    contract: contract ? { id: contract.id, title: contract.title, status: contract.status } : null,
    job: contract ? { title: contract.job.title } : null,
    milestone: milestone
      ? {
          number: milestone.milestoneNumber,
          name: milestone.name,
          description: milestone.description,
          deliveryNote: milestone.deliveryNote,
          status: milestone.status,
        }
      : null,
    requestedBy: token?.label ?? "an agent",
    resolvedBy: resolvedBy?.name ?? null,
    balances,
    hasChanged,
    canResolve: access.canResolve,
  };
}
