import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { formatWhen, timeLeft } from "@/components/time-left";
import { listHumanApprovals } from "@/lib/approvals/list-human-approvals";
import { requireHuman } from "@/lib/auth/require-human";
import { now } from "@/lib/clock";
import { formatUsd } from "@/lib/money";

export const metadata = { title: "Approvals — Co-sign" };

const ACTIONS = {
  milestone_approve: "Release",
  milestone_fund: "Fund",
  proposal_hire: "Hire",
  contract_end: "End contract",
} as const;

type Row = Awaited<ReturnType<typeof listHumanApprovals>>["pending"][number];

function Item({ approval, at }: { approval: Row; at: Date }) {
  return (
    <li>
      <Link
        href={`/approvals/${approval.id}`}
        className="flex items-center justify-between gap-3 rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200 hover:bg-slate-50"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium">
            {ACTIONS[approval.type]} {formatUsd(approval.amountCents)} ·{" "}
            {approval.contract?.freelancer.displayName ?? "—"}
          </span>
          <span className="block truncate text-sm text-slate-500">
            {approval.account.name} ·{" "}
            {approval.milestone
              ? `#${approval.milestone.milestoneNumber} ${approval.milestone.name}`
              : approval.contract?.title}
          </span>
        </span>
        <span className="shrink-0 text-right text-sm">
          <StatusBadge status={approval.status} />
          <span className="mt-1 block text-slate-500">
            {approval.status === "pending"
              ? timeLeft(approval.expiresAt, at)
              : approval.resolvedAt
                ? formatWhen(approval.resolvedAt)
                : ""}
          </span>
        </span>
      </Link>
    </li>
  );
}

export default async function ApprovalsInbox() {
  const human = await requireHuman("/approvals");
  const { pending, history } = await listHumanApprovals(human.id);
  const at = now();
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-xl font-semibold">Waiting for you ({pending.length})</h1>
        {pending.length === 0 ? (
          <p className="mt-3 text-slate-600">Nothing is waiting. When an agent asks to move money, it appears here.</p>
        ) : (
          <ul className="mt-3 space-y-2" data-testid="pending-approvals">
            {pending.map((a) => (
              <Item key={a.id} approval={a} at={at} />
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2 className="text-lg font-semibold">History</h2>
        {history.length === 0 ? (
          <p className="mt-3 text-slate-600">No decisions yet.</p>
        ) : (
          <ul className="mt-3 space-y-2" data-testid="approval-history">
            {history.map((a) => (
              <Item key={a.id} approval={a} at={at} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
