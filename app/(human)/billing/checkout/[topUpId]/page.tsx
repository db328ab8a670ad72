import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckoutActions } from "@/components/checkout-actions";
import { TOP_UP_STATUS_LABELS } from "@/components/status-labels";
import { formatWhen, timeLeft } from "@/components/time-left";
import { resourceId } from "@/lib/api/resource-id";
import { requireHuman } from "@/lib/auth/require-human";
import { now } from "@/lib/clock";
import { getTopUpCheckout } from "@/lib/credits/get-top-up";
import { topUpStatusAt } from "@/lib/credits/present-top-up";
import { formatUsd } from "@/lib/money";
import { cancelCheckoutAction, payCheckoutAction } from "./actions";

export const metadata = { title: "Sandbox checkout — Co-sign" };

// The checkoutUrl target. Reading it never pays: mail scanners and link previews fetch links, so only the POST of
// the Pay form (a server action) moves money.
export default async function CheckoutPage({ params }: { params: Promise<{ topUpId: string }> }) {
  const { topUpId } = await params;
  const human = await requireHuman(`/billing/checkout/${topUpId}`);
  const checkout = resourceId.safeParse(topUpId).success
    ? await getTopUpCheckout({ topUpId, humanId: human.id })
    : null;
  // A wrong id and another account's top-up look exactly the same.
  if (!checkout) notFound();
  const { topUp } = checkout;
  const at = now();
  const status = topUpStatusAt(topUp, at);
  const amount = formatUsd(topUp.amountCents);
  const headline =
    status === "COMPLETED"
      ? `${amount} was added to ${checkout.accountName}`
      : status === "PENDING"
        ? `Add ${amount} to ${checkout.accountName}`
        : `This checkout is ${status === "EXPIRED" ? "expired" : "canceled"}. Nothing was charged.`;

  return (
    <article className="space-y-5">
      <p
        role="note"
        data-testid="sandbox-banner"
        className="rounded-lg border-2 border-dashed border-amber-500 bg-amber-50 px-4 py-3 text-sm text-amber-950"
      >
        <strong className="font-semibold">Sandbox checkout.</strong> No card is needed and nothing is charged: paying
        here adds test credit to the account&apos;s available balance.
      </p>
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600">{checkout.accountName} · top-up</p>
        <span
          data-testid="checkout-status"
          className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-800 ring-1 ring-inset ring-slate-300"
        >
          {TOP_UP_STATUS_LABELS[status]}
        </span>
      </div>
      <h1 data-testid="checkout-summary" className="text-xl font-semibold leading-snug sm:text-2xl">
        {headline}
      </h1>

      <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <p className="text-sm text-slate-600">Amount</p>
        <p data-testid="checkout-amount" className="text-3xl font-semibold tabular-nums">
          {amount}
        </p>
        <dl className="mt-3 grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-600">Account</dt>
          <dd>{checkout.accountName}</dd>
          <dt className="text-slate-600">Asked by</dt>
          <dd className="break-words">{checkout.requestedBy}</dd>
          <dt className="text-slate-600">Created</dt>
          <dd>{formatWhen(topUp.createdAt)}</dd>
          {status === "COMPLETED" && topUp.completedAt ? (
            <>
              <dt className="text-slate-600">Paid</dt>
              <dd data-testid="checkout-paid">
                {formatWhen(topUp.completedAt)} by {checkout.completedBy ?? "an owner"}
              </dd>
            </>
          ) : (
            <>
              <dt className="text-slate-600">Expires</dt>
              <dd>
                {formatWhen(topUp.expiresAt)}
                {status === "PENDING" && (
                  <span className="ml-1 font-medium text-amber-900">({timeLeft(topUp.expiresAt, at)})</span>
                )}
              </dd>
            </>
          )}
        </dl>
      </section>

      {status === "PENDING" && !checkout.canComplete && (
        <p
          data-testid="member-notice"
          className="rounded-lg bg-blue-50 px-4 py-3 text-sm text-blue-900 ring-1 ring-blue-200"
        >
          You can see this checkout as a member of {checkout.accountName}, but only an owner of the account can pay or
          cancel it.
        </p>
      )}
      {/* Always mounted: after paying it keeps showing the result while the buttons go away. */}
      <CheckoutActions
        pay={payCheckoutAction.bind(null, topUp.id)}
        cancel={cancelCheckoutAction.bind(null, topUp.id)}
        payLabel={`Pay ${amount} (sandbox)`}
        isPending={status === "PENDING" && checkout.canComplete}
      />
      <Link href="/billing" className="inline-block font-medium text-blue-700 underline">
        Back to Money
      </Link>
    </article>
  );
}
