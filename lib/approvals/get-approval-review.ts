import "server-only";
import { stillMatchesBoundFacts } from "@/lib/approvals/bound-facts";
import { refreshIfDue } from "@/lib/approvals/expire-approvals";
import { findApprovalAccess } from "@/lib/approvals/human-access";
import { db } from "@/lib/db";
import { parseEndTerms } from "@/lib/contracts/end-terms";
import { balanceOf } from "@/lib/ledger/ledger-accounts";
import { fundingFees, type FundingFees } from "@/lib/milestones/funding";
import { formatUsd } from "@/lib/money";
import { parseHireTerms } from "@/lib/proposals/hire-terms";
import { PROPOSAL_STATUS_LABELS } from "@/lib/proposals/schemas";

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

  const [milestone, token, resolvedBy, proposal, endContract] = await Promise.all([
    approval.milestoneId
      ? client.milestone.findUnique({
          where: { id: approval.milestoneId },
          include: { contract: { include: { job: true, freelancer: true } } },
        })
      : null,
    approval.requestedByTokenId
      ? client.apiToken.findUnique({ where: { id: approval.requestedByTokenId }, select: { label: true } })
      : null,
    approval.resolvedByHumanId
      ? client.human.findUnique({ where: { id: approval.resolvedByHumanId }, select: { name: true } })
      : null,
    approval.type === "proposal_hire" && approval.proposalId
      ? client.proposal.findUnique({ where: { id: approval.proposalId }, include: { job: true, freelancer: true } })
      : null,
    approval.type === "contract_end" && approval.contractId
      ? client.contract.findUnique({
          where: { id: approval.contractId },
          include: { job: true, freelancer: true, milestones: { orderBy: { milestoneNumber: "asc" } } },
        })
      : null,
  ]);
  // A hire's milestone is what the hire created (once confirmed), not the approval's target: shown by `hire` below.
  const contract = approval.type === "proposal_hire" ? null : (milestone?.contract ?? endContract ?? null);
  const available = await balanceOf(client, { kind: "ORG_AVAILABLE", accountId: approval.accountId });
  const escrow = await balanceOf(client, { kind: "ORG_ESCROW", accountId: approval.accountId });

  const amount = formatUsd(approval.amountCents);
  const freelancer = contract?.freelancer ?? proposal?.freelancer ?? null;
  const payee = freelancer?.displayName ?? "the trainer";
  const where = milestone ? `milestone ${milestone.milestoneNumber} of “${contract?.title}”` : "this contract";
  const isFunding = approval.type === "milestone_fund" || approval.type === "proposal_hire";
  const fees: FundingFees | null = isFunding
    ? fundingFees(approval.amountCents, { isHire: approval.type === "proposal_hire" })
    : null;

  // What a contract_end settles: the milestones it bound, as they are now, with the agent's amounts.
  const settled = approval.result ? (JSON.parse(approval.result) as { refunded?: string[]; released?: string[] }) : {};
  const endMilestones =
    approval.type === "contract_end" && endContract
      ? parseEndTerms(approval.terms).map(([id, amountCents]) => {
          const m = endContract.milestones.find((x) => x.id === id);
          return {
            id,
            number: m?.milestoneNumber ?? 0,
            name: m?.name ?? "(removed)",
            status: m?.status ?? null,
            invoiceId: m?.invoiceId ?? null,
            amountCents,
            outcome: settled.refunded?.includes(id)
              ? ("refunded" as const)
              : settled.released?.includes(id)
                ? ("released" as const)
                : null,
          };
        })
      : [];
  const hireTerms = approval.type === "proposal_hire" ? parseHireTerms(approval.terms) : null;

  // An instruction while pending; once decided, the page speaks in the past tense (what happened, or that nothing did).
  const sentence = (text: string) => (text.endsWith(".") ? text : `${text}.`);
  const hireWhat = `${payee} for “${proposal?.job.title ?? "this job"}”`;
  const endWhat = `“${contract?.title ?? "this contract"}” with ${payee}`;
  const settledWhat = `${endMilestones.length} funded milestone${endMilestones.length === 1 ? "" : "s"} holding ${amount}`;
  const imperative =
    approval.type === "milestone_approve"
      ? sentence(`Release ${amount} from escrow to ${payee} for ${where}`)
      : approval.type === "milestone_fund"
        ? sentence(
            `Move ${amount} from the available balance of ${access.accountName} into escrow for ${payee}, ${where}`,
          )
        : approval.type === "proposal_hire"
          ? sentence(
              `Hire ${hireWhat} and fund milestone 1 with ${amount} from the available balance of ${access.accountName}`,
            )
          : sentence(`End ${endWhat} and settle ${settledWhat} in escrow`);
  const done =
    approval.type === "milestone_approve"
      ? sentence(`Released ${amount} from escrow to ${payee} for ${where}`)
      : approval.type === "milestone_fund"
        ? sentence(
            `Moved ${amount} from the available balance of ${access.accountName} into escrow for ${payee}, ${where}`,
          )
        : approval.type === "proposal_hire"
          ? sentence(
              `Hired ${hireWhat} and funded milestone 1 with ${amount} from the available balance of ${access.accountName}`,
            )
          : sentence(`Ended ${endWhat} and settled ${settledWhat} in escrow`);
  const NOT_DONE = { declined: "Declined", expired: "Expired", cancelled: "Cancelled" } as const;
  const summary =
    approval.status === "pending"
      ? imperative
      : approval.status === "confirmed"
        ? done
        : `${NOT_DONE[approval.status]}, nothing moved. The request was: ${imperative.charAt(0).toLowerCase()}${imperative.slice(1)}`;

  // What confirming moves, as a change to each balance: a release leaves escrow for the trainer; an end empties the
  // funded milestones out of escrow back into available (all refunded by default); a funding (or a hire's) takes the
  // amount and its fees from available and puts the amount in escrow.
  const feeCents = fees?.totalFeeCents ?? 0;
  const [availableChange, escrowChange] =
    approval.type === "milestone_approve"
      ? [0, -approval.amountCents]
      : approval.type === "contract_end"
        ? [approval.amountCents, -approval.amountCents]
        : [-approval.amountCents - feeCents, approval.amountCents];
  const balances = {
    availableBefore: available,
    availableAfter: available + availableChange,
    escrowBefore: escrow,
    escrowAfter: escrow + escrowChange,
  };

  // Shown before the human acts: the facts bound at request time no longer match, so confirming will void it.
  const hasChanged =
    approval.status === "pending" &&
    (approval.type === "milestone_approve" || approval.type === "milestone_fund"
      ? !milestone || !contract || !stillMatchesBoundFacts(approval, milestone, contract)
      : approval.type === "contract_end"
        ? !endContract ||
          endContract.status !== "ACTIVE" ||
          endMilestones.some((m) => m.status !== "ACTIVE_FUNDED") ||
          endContract.milestones.filter((m) => m.status === "ACTIVE_FUNDED").length !== endMilestones.length
        : !proposal ||
          proposal.status === "HIRED" ||
          proposal.status === "DECLINED" ||
          proposal.status === "NOT_A_FIT");

  return {
    approval,
    result: approval.result ? (JSON.parse(approval.result) as Record<string, unknown>) : null,
    accountName: access.accountName,
    summary,
    amountCents: approval.amountCents,
    payee: freelancer ? { name: freelancer.displayName, country: freelancer.country } : null,
    contract: contract ? { id: contract.id, title: contract.title, status: contract.status } : null,
    job: contract ? { title: contract.job.title } : proposal ? { title: proposal.job.title } : null,
    fees,
    hire:
      proposal && hireTerms
        ? {
            proposal: {
              id: proposal.id,
              status: PROPOSAL_STATUS_LABELS[proposal.status],
              coverLetter: proposal.coverLetter,
              rateCents: proposal.rateCents,
            },
            milestone: {
              name: hireTerms.name ?? "Milestone 1",
              description: hireTerms.description ?? "",
              amountCents: approval.amountCents,
              dueDate: hireTerms.dueDate,
            },
          }
        : null,
    endMilestones,
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
