import { notFound } from "next/navigation";
import { ApprovalActions } from "@/components/approval-actions";
import { resourceId } from "@/lib/api/resource-id";
import { StatusBadge } from "@/components/status-badge";
import { formatWhen, timeLeft } from "@/components/time-left";
import { getApprovalReview, type ApprovalReview } from "@/lib/approvals/get-approval-review";
import { cancelMessage, type CancelReason } from "@/lib/approvals/resolve-approval";
import { requireHuman } from "@/lib/auth/require-human";
import { now } from "@/lib/clock";
import { formatUsd } from "@/lib/money";
import { confirmAction, declineAction } from "./actions";

export const metadata = { title: "Review a payment — Co-sign" };

export default async function ApprovalPage({ params }: { params: Promise<{ approvalId: string }> }) {
  const { approvalId } = await params;
  const human = await requireHuman(`/approvals/${approvalId}`);
  const review = resourceId.safeParse(approvalId).success ? await getApprovalReview({ approvalId, humanId: human.id }) : null;
  // A wrong id and another account's approval look exactly the same.
  if (!review) notFound();
  const { approval } = review;
  const isPending = approval.status === "pending";
  const at = now();

  return (
    <article className="space-y-5">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-500">{review.accountName} · payment approval</p>
        <StatusBadge status={approval.status} />
      </div>
      <h1 data-testid="approval-summary" className="text-xl font-semibold leading-snug sm:text-2xl">
        {review.summary}
      </h1>

      <section className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <p className="text-sm text-slate-500">Amount</p>
          <p data-testid="approval-amount" className="text-3xl font-semibold tabular-nums">
            {formatUsd(review.amountCents)}
          </p>
          <p className="mt-1 text-xs text-slate-500">No platform fee on this payment.</p>
        </div>
        <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <p className="text-sm text-slate-500">Payee (AI trainer)</p>
          <p data-testid="approval-payee" className="text-lg font-semibold">
            {review.payee ? `${review.payee.name} (${review.payee.country})` : "—"}
          </p>
        </div>
      </section>

      {review.hasChanged && (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          The milestone changed after the agent asked. Confirming will not move money; the agent must ask again.
        </p>
      )}

      <Outcome review={review} />

      <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-700">Details</h2>
        <dl className="mt-2 grid grid-cols-[6.5rem_1fr] sm:grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
          <dt className="text-slate-500">Contract</dt>
          <dd>{review.contract?.title ?? "—"}</dd>
          <dt className="text-slate-500">Job</dt>
          <dd>{review.job?.title ?? "—"}</dd>
          <dt className="text-slate-500">Milestone</dt>
          <dd data-testid="approval-milestone">{review.milestone ? `#${review.milestone.number} ${review.milestone.name} (${review.milestone.status})` : "—"}</dd>
          <dt className="text-slate-500">Asked by</dt>
          <dd>
            {review.requestedBy} <span className="text-slate-500">(API token)</span>
          </dd>
          <dt className="text-slate-500">Asked at</dt>
          <dd>{formatWhen(approval.createdAt)}</dd>
          <dt className="text-slate-500">Expires</dt>
          <dd data-testid="approval-expires">
            {formatWhen(approval.expiresAt)}
            {isPending && <span className="ml-1 font-medium text-amber-800">({timeLeft(approval.expiresAt, at)})</span>}
          </dd>
        </dl>
      </section>

      {review.milestone && (
        <section className="rounded-xl border border-dashed border-violet-300 bg-violet-50 p-4" aria-label="Written by the agent">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-violet-800">Written by the agent — not verified</h2>
          <p className="mt-1 font-medium">{review.milestone.name}</p>
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800">{review.milestone.description}</p>
        </section>
      )}
      {review.milestone?.deliveryNote && (
        <section className="rounded-xl border border-dashed border-sky-300 bg-sky-50 p-4" aria-label="What the trainer delivered">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-sky-800">What the trainer says they delivered</h2>
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800">{review.milestone.deliveryNote}</p>
        </section>
      )}

      <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-700">{review.accountName} balances</h2>
        <table className="mt-2 w-full text-sm tabular-nums">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="font-normal"></th>
              <th className="text-right font-normal">Now</th>
              <th className="text-right font-normal">{isPending ? "After confirming" : ""}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Available</td>
              <td className="text-right">{formatUsd(review.balances.availableBefore)}</td>
              <td className="text-right">{isPending ? formatUsd(review.balances.availableAfter) : ""}</td>
            </tr>
            <tr>
              <td>In escrow</td>
              <td className="text-right" data-testid="escrow-before">
                {formatUsd(review.balances.escrowBefore)}
              </td>
              <td className="text-right" data-testid="escrow-after">
                {isPending ? formatUsd(review.balances.escrowAfter) : ""}
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      {isPending && !review.canResolve && (
        <p data-testid="member-notice" className="rounded-lg bg-blue-50 px-4 py-3 text-sm text-blue-900 ring-1 ring-blue-200">
          You can see this approval as a member of {review.accountName}, but only an owner of the account can confirm or decline it.
          Ask an owner to open this page.
        </p>
      )}
      {/* Last, after everything there is to review. Always mounted: after a decision it keeps showing the result
          message while the buttons go away. */}
      <ApprovalActions
        confirm={confirmAction.bind(null, approval.id)}
        decline={declineAction.bind(null, approval.id)}
        confirmLabel={approval.type === "milestone_approve" ? `Confirm and release ${formatUsd(review.amountCents)}` : `Confirm and fund ${formatUsd(review.amountCents)}`}
        isPending={isPending && review.canResolve}
      />
    </article>
  );
}

function Outcome({ review }: { review: ApprovalReview }) {
  const { approval, result } = review;
  if (approval.status === "pending") return null;
  const when = approval.resolvedAt ? formatWhen(approval.resolvedAt) : "";
  const text =
    approval.status === "confirmed"
      ? `Confirmed by ${review.resolvedBy ?? "a member"} on ${when}. ${approval.type === "milestone_approve" ? "The escrow was released to the trainer." : "The milestone is funded."}`
      : approval.status === "declined"
        ? `Declined by ${review.resolvedBy ?? "a member"} on ${when}.${typeof result?.reason === "string" ? ` Reason given: “${result.reason}”` : ""} Nothing moved.`
        : approval.status === "expired"
          ? `Expired on ${when} without a decision. Nothing moved.`
          : `Cancelled${typeof result?.reason === "string" ? `: ${cancelMessage(result.reason as CancelReason) ?? result.reason}` : "."} Nothing moved.`;
  return (
    <p data-testid="approval-outcome" className="rounded-lg bg-slate-100 px-4 py-3 text-sm font-medium text-slate-800">
      {text}
      {approval.status === "confirmed" && typeof result?.invoiceId === "string" && <span className="mt-1 block font-normal text-slate-600">Invoice {result.invoiceId}</span>}
    </p>
  );
}
