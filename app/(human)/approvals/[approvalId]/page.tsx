import Link from "next/link";
import { notFound } from "next/navigation";
import { ApprovalActions } from "@/components/approval-actions";
import { resourceId } from "@/lib/api/resource-id";
import { StatusBadge } from "@/components/status-badge";
import { MILESTONE_STATUS_LABELS } from "@/components/status-labels";
import { formatWhen, timeLeft } from "@/components/time-left";
import { getApprovalReview, type ApprovalReview } from "@/lib/approvals/get-approval-review";
import { cancelMessage, type CancelReason } from "@/lib/approvals/resolve-approval";
import { requireHuman } from "@/lib/auth/require-human";
import { now } from "@/lib/clock";
import { formatUsd } from "@/lib/money";
import { confirmAction, declineAction } from "./actions";

export const metadata = { title: "Review a payment — Co-sign" };

const CONFIRM_LABELS: Record<ApprovalReview["approval"]["type"], (amount: string) => string> = {
  milestone_approve: (amount) => `Confirm and release ${amount}`,
  milestone_fund: (amount) => `Confirm and fund ${amount}`,
  proposal_hire: () => "Confirm hire and fund milestone 1",
  contract_end: () => "Confirm and end the contract",
};

export default async function ApprovalPage({ params }: { params: Promise<{ approvalId: string }> }) {
  const { approvalId } = await params;
  const human = await requireHuman(`/approvals/${approvalId}`);
  const review = resourceId.safeParse(approvalId).success
    ? await getApprovalReview({ approvalId, humanId: human.id })
    : null;
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
          <Fees review={review} />
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
          <dd>
            {review.contract?.title ??
              (approval.type === "proposal_hire" ? "A new contract, created when you confirm" : "—")}
          </dd>
          <dt className="text-slate-500">Job</dt>
          <dd>{review.job?.title ?? "—"}</dd>
          {review.milestone && approval.type !== "proposal_hire" && (
            <>
              <dt className="text-slate-500">Milestone</dt>
              <dd data-testid="approval-milestone">{`#${review.milestone.number} ${review.milestone.name} (${MILESTONE_STATUS_LABELS[review.milestone.status]})`}</dd>
            </>
          )}
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

      {review.hire && <HireDetails review={review} />}
      {review.endMilestones.length > 0 && <EndDetails review={review} />}

      {review.milestone && approval.type !== "proposal_hire" && (
        <section
          className="rounded-xl border border-dashed border-violet-300 bg-violet-50 p-4"
          aria-label="Written by the agent"
        >
          <h2 className="text-xs font-semibold uppercase tracking-wide text-violet-800">
            Written by the agent — not verified
          </h2>
          <p className="mt-1 font-medium">{review.milestone.name}</p>
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800">{review.milestone.description}</p>
        </section>
      )}
      {review.milestone?.deliveryNote && (
        <section
          className="rounded-xl border border-dashed border-sky-300 bg-sky-50 p-4"
          aria-label="What the trainer delivered"
        >
          <h2 className="text-xs font-semibold uppercase tracking-wide text-sky-800">
            What the trainer says they delivered
          </h2>
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
              <th className="text-right font-normal">
                {isPending ? (approval.type === "contract_end" ? "After (all refunded)" : "After confirming") : ""}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>Available</td>
              <td className="text-right">{formatUsd(review.balances.availableBefore)}</td>
              <td className="text-right" data-testid="available-after">
                {isPending ? formatUsd(review.balances.availableAfter) : ""}
              </td>
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
        <p
          data-testid="member-notice"
          className="rounded-lg bg-blue-50 px-4 py-3 text-sm text-blue-900 ring-1 ring-blue-200"
        >
          You can see this approval as a member of {review.accountName}, but only an owner of the account can confirm or
          decline it. Ask an owner to open this page.
        </p>
      )}
      {/* Last, after everything there is to review. Always mounted: after a decision it keeps showing the result
          message while the buttons go away. */}
      <ApprovalActions
        confirm={confirmAction.bind(null, approval.id)}
        decline={declineAction.bind(null, approval.id)}
        confirmLabel={CONFIRM_LABELS[approval.type](formatUsd(review.amountCents))}
        isPending={isPending && review.canResolve}
        confirmFields={<ConfirmFields review={review} />}
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
      ? `Confirmed by ${review.resolvedBy ?? "a member"} on ${when}. ${CONFIRMED_TEXT[approval.type](review)}`
      : approval.status === "declined"
        ? `Declined by ${review.resolvedBy ?? "a member"} on ${when}.${typeof result?.reason === "string" ? ` Reason given: “${result.reason}”` : ""} Nothing moved.`
        : approval.status === "expired"
          ? `Expired on ${when} without a decision. Nothing moved.`
          : `Cancelled${typeof result?.reason === "string" ? `: ${AGENT_CANCEL_TEXT[result.reason] ?? cancelMessage(result.reason as CancelReason) ?? result.reason}` : "."} Nothing moved.`;
  return (
    <p data-testid="approval-outcome" className="rounded-lg bg-slate-100 px-4 py-3 text-sm font-medium text-slate-800">
      {text}
      {approval.status === "confirmed" && typeof result?.invoiceId === "string" && (
        <Link
          href={`/invoices/${result.invoiceId}`}
          data-testid="invoice-link"
          className="mt-1 block font-normal text-blue-800 underline"
        >
          Invoice {result.invoiceId}
        </Link>
      )}
    </p>
  );
}

/** Names like "Lena K." already end a sentence. */
const sentence = (text: string) => (text.endsWith(".") ? text : `${text}.`);

/** A cancellation by the agent rather than by a failed re-check (lib/approvals/cancel-approval.ts). */
const AGENT_CANCEL_TEXT: Record<string, string> = {
  withdrawn: "the agent withdrew the request.",
  superseded: "the agent replaced it with a request on other terms.",
};

const CONFIRMED_TEXT: Record<ApprovalReview["approval"]["type"], (review: ApprovalReview) => string> = {
  milestone_approve: (r) =>
    sentence(`${formatUsd(r.amountCents)} was released from escrow to ${r.payee?.name ?? "the trainer"}`),
  milestone_fund: (r) => `${formatUsd(r.amountCents)} was moved into escrow; the milestone is funded.`,
  proposal_hire: (r) =>
    `${r.payee?.name ?? "The trainer"} was hired: a contract was created and milestone 1 was funded with ${formatUsd(r.amountCents)}.`,
  contract_end: (r) => {
    const refunded = r.endMilestones.filter((m) => m.outcome === "refunded").reduce((sum, m) => sum + m.amountCents, 0);
    const released = r.endMilestones.filter((m) => m.outcome === "released").reduce((sum, m) => sum + m.amountCents, 0);
    return sentence(
      `The contract ended: ${formatUsd(refunded)} was refunded to the available balance and ${formatUsd(released)} was released to ${r.payee?.name ?? "the trainer"}`,
    );
  },
};

function Fees({ review }: { review: ApprovalReview }) {
  const { fees } = review;
  if (!fees || fees.totalFeeCents === 0)
    return <p className="mt-1 text-xs text-slate-500">No platform fee on this payment.</p>;
  return (
    <p data-testid="approval-fees" className="mt-1 text-xs text-slate-600">
      Plus fees of {formatUsd(fees.totalFeeCents)} from the available balance
      {fees.platformFeeCents > 0 && ` (platform fee ${formatUsd(fees.platformFeeCents)}`}
      {fees.contractFeeCents > 0 &&
        `${fees.platformFeeCents > 0 ? ", " : " ("}contract fee ${formatUsd(fees.contractFeeCents)}`}
      ): {formatUsd(review.amountCents + fees.totalFeeCents)} in all.
    </p>
  );
}

function HireDetails({ review }: { review: ApprovalReview }) {
  const hire = review.hire!;
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-labelledby="hire-heading">
      <h2 id="hire-heading" className="text-sm font-semibold text-slate-700">
        The trainer and their proposal
      </h2>
      <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="text-slate-500">Trainer</dt>
        <dd data-testid="hire-trainer">{review.payee ? `${review.payee.name} (${review.payee.country})` : "—"}</dd>
        <dt className="text-slate-500">Proposal</dt>
        <dd>
          {hire.proposal.status} · rate {formatUsd(hire.proposal.rateCents)}
        </dd>
      </dl>
      <div
        className="rounded-lg border border-dashed border-sky-300 bg-sky-50 p-3"
        aria-label="The trainer's cover letter"
      >
        <p className="text-xs font-semibold uppercase tracking-wide text-sky-800">The trainer&apos;s cover letter</p>
        <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800">{hire.proposal.coverLetter}</p>
      </div>
      <div
        className="rounded-lg border border-dashed border-violet-300 bg-violet-50 p-3"
        aria-label="Milestone 1 as the agent proposed it"
      >
        <p className="text-xs font-semibold uppercase tracking-wide text-violet-800">
          Milestone 1 as the agent proposed it — not verified
        </p>
        <p className="mt-1 break-words font-medium">{hire.milestone.name}</p>
        {hire.milestone.description && (
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-800">{hire.milestone.description}</p>
        )}
        <p className="mt-1 text-sm tabular-nums">
          {formatUsd(hire.milestone.amountCents)}
          {hire.milestone.dueDate && ` · due ${hire.milestone.dueDate.slice(0, 10)}`}
        </p>
      </div>
    </section>
  );
}

function EndDetails({ review }: { review: ApprovalReview }) {
  const isPending = review.approval.status === "pending";
  return (
    <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-labelledby="end-heading">
      <h2 id="end-heading" className="text-sm font-semibold text-slate-700">
        Funded milestones
      </h2>
      <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="end-milestones">
        {review.endMilestones.map((m) => (
          <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
            <span className="min-w-0 break-words">
              #{m.number} {m.name}
            </span>
            <span className="tabular-nums font-medium">{formatUsd(m.amountCents)}</span>
            {!isPending && m.outcome && (
              <span className="w-full text-slate-600" data-testid={`end-outcome-${m.id}`}>
                {m.outcome === "refunded"
                  ? "Refunded to the available balance."
                  : sentence(`Released to ${review.payee?.name ?? "the trainer"}`)}
                {m.invoiceId && (
                  <>
                    {" "}
                    <Link href={`/invoices/${m.invoiceId}`} className="text-blue-800 underline">
                      Invoice {m.invoiceId}
                    </Link>
                  </>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The human's decisions that travel with "Confirm": plain inputs in the confirm form, so they work without JavaScript. */
function ConfirmFields({ review }: { review: ApprovalReview }) {
  if (review.hire) {
    const { milestone } = review.hire;
    return (
      <fieldset className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
        <legend className="px-1 text-sm font-semibold">Milestone 1 — change it before you confirm if you like</legend>
        <label className="block text-sm font-medium" htmlFor="milestone-name">
          Name
        </label>
        <input
          id="milestone-name"
          name="milestoneName"
          defaultValue={milestone.name}
          required
          maxLength={200}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base"
        />
        <label className="block text-sm font-medium" htmlFor="milestone-description">
          Description
        </label>
        <textarea
          id="milestone-description"
          name="milestoneDescription"
          defaultValue={milestone.description}
          rows={3}
          maxLength={5000}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base"
        />
        <label className="block text-sm font-medium" htmlFor="milestone-amount">
          Amount to fund now (US dollars)
        </label>
        <input
          id="milestone-amount"
          name="milestoneAmount"
          type="number"
          inputMode="decimal"
          min="0.01"
          step="0.01"
          required
          defaultValue={(milestone.amountCents / 100).toFixed(2)}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base tabular-nums"
        />
        <p className="text-xs text-slate-600">
          What you confirm here is what is created and funded; the agent sees it in the result.
        </p>
      </fieldset>
    );
  }
  if (review.endMilestones.length > 0) {
    return (
      <div className="space-y-3">
        {review.endMilestones.map((m) => (
          <fieldset
            key={m.id}
            className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
            data-testid={`settle-${m.id}`}
          >
            <legend className="px-1 text-sm font-semibold break-words">
              #{m.number} {m.name} — {formatUsd(m.amountCents)}
            </legend>
            <div className="mt-1 flex flex-col gap-2">
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name={`settlement:${m.id}`} value="refund" defaultChecked className="h-5 w-5" />
                Refund to {review.accountName}&apos;s available balance
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name={`settlement:${m.id}`} value="release" className="h-5 w-5" />
                Release to {review.payee?.name ?? "the trainer"}
              </label>
            </div>
          </fieldset>
        ))}
      </div>
    );
  }
  return null;
}
