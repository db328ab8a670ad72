import type { ApprovalStatus } from "@/lib/db";
import { APPROVAL_STATUS_LABELS } from "./status-labels";

const STYLES: Record<ApprovalStatus, string> = {
  pending: "bg-amber-100 text-amber-900 ring-amber-300",
  confirmed: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  declined: "bg-rose-100 text-rose-900 ring-rose-300",
  expired: "bg-slate-200 text-slate-800 ring-slate-300",
  cancelled: "bg-slate-200 text-slate-800 ring-slate-300",
};

/** The approval's status in words; data-status keeps the stored value for tests and styling hooks. */
export function StatusBadge({ status }: { status: ApprovalStatus }) {
  return (
    <span
      data-testid="approval-status"
      data-status={status}
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STYLES[status]}`}
    >
      {APPROVAL_STATUS_LABELS[status]}
    </span>
  );
}
