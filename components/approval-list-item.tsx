import Link from "next/link";
import type { listHumanApprovals } from "@/lib/approvals/list-human-approvals";
import { formatUsd } from "@/lib/money";
import { PendingHint } from "./nav-link";
import { StatusBadge } from "./status-badge";
import { formatWhen, timeLeft } from "./time-left";

export type ApprovalListRow = Awaited<ReturnType<typeof listHumanApprovals>>["pending"][number];

const ACTIONS: Record<ApprovalListRow["type"], string> = {
  milestone_approve: "Release",
  milestone_fund: "Fund",
  proposal_hire: "Hire",
  contract_end: "End contract",
};

/**
 * One approval in a list (the inbox, the home page). Nothing here is truncated: the amount never wraps inside
 * itself, and names wrap onto a second line instead of being cut, so "Release $300.00" always reads in full.
 */
export function ApprovalListItem({ approval, at }: { approval: ApprovalListRow; at: Date }) {
  const when =
    approval.status === "pending"
      ? timeLeft(approval.expiresAt, at)
      : approval.resolvedAt
        ? formatWhen(approval.resolvedAt)
        : "";
  return (
    <li>
      <Link
        href={`/approvals/${approval.id}`}
        className="block rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-blue-600"
      >
        <span className="flex items-start justify-between gap-3">
          <span className="min-w-0 break-words font-medium">
            {ACTIONS[approval.type]}{" "}
            <span className="whitespace-nowrap tabular-nums">{formatUsd(approval.amountCents)}</span> ·{" "}
            {approval.contract?.freelancer.displayName ?? "—"}
          </span>
          <span className="flex shrink-0 items-center gap-1.5">
            <PendingHint className="" />
            <StatusBadge status={approval.status} />
          </span>
        </span>
        <span className="mt-1 flex flex-wrap justify-between gap-x-3 text-sm text-slate-600">
          <span className="min-w-0 break-words">
            {approval.account.name} ·{" "}
            {approval.milestone
              ? `#${approval.milestone.milestoneNumber} ${approval.milestone.name}`
              : (approval.contract?.title ?? "a new contract")}
          </span>
          {when && <span className="whitespace-nowrap">{when}</span>}
        </span>
      </Link>
    </li>
  );
}
