import Link from "next/link";
import { LEDGER_KIND_LABELS, TOP_UP_STATUS_LABELS } from "@/components/status-labels";
import { TopUpForm } from "@/components/top-up-form";
import { formatWhen } from "@/components/time-left";
import { requireHuman } from "@/lib/auth/require-human";
import { MAX_TOP_UP_CENTS, MIN_TOP_UP_CENTS } from "@/lib/credits/schemas";
import { getAccountsMoney } from "@/lib/ledger/get-account-money";
import { formatUsd } from "@/lib/money";
import { startTopUpAction } from "./actions";

export const metadata = { title: "Money — Co-sign" };

function signed(cents: number) {
  return `${cents < 0 ? "−" : "+"}${formatUsd(Math.abs(cents))}`;
}

// The money page: where `billingUrl` (409 payment_method_required) lands, so adding funds comes first after balances.
export default async function BillingPage() {
  const human = await requireHuman("/billing");
  const accounts = await getAccountsMoney(human.id);
  if (accounts.length === 0) return <p className="text-slate-700">You are not a member of any account yet.</p>;
  return (
    <div className="space-y-10">
      {accounts.map((a) => (
        <section
          key={a.account.id}
          className="space-y-5"
          data-testid={`money-${a.account.id}`}
          aria-labelledby={`account-${a.account.id}`}
        >
          <h1 id={`account-${a.account.id}`} className="text-xl font-semibold">
            {a.account.name}
          </h1>
          {/* One row per balance on a phone, side by side from sm: an amount is never wrapped mid-number. */}
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <div className="flex items-baseline justify-between gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:block">
              <p className="text-sm text-slate-600">Available</p>
              <p className="whitespace-nowrap text-2xl font-semibold tabular-nums" data-testid="balance-available">
                {formatUsd(a.available)}
              </p>
            </div>
            <div className="flex items-baseline justify-between gap-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 sm:block">
              <p className="text-sm text-slate-600">In escrow</p>
              <p className="whitespace-nowrap text-2xl font-semibold tabular-nums" data-testid="balance-escrow">
                {formatUsd(a.escrow)}
              </p>
            </div>
          </div>

          {a.canAddFunds ? (
            <TopUpForm
              action={startTopUpAction.bind(null, a.account.id)}
              accountId={a.account.id}
              minUsd={MIN_TOP_UP_CENTS / 100}
              maxUsd={MAX_TOP_UP_CENTS / 100}
            />
          ) : (
            <p className="rounded-lg bg-blue-50 px-4 py-3 text-sm text-blue-900 ring-1 ring-blue-200">
              Only an owner of {a.account.name} can add funds.
            </p>
          )}

          {a.topUps.length > 0 && (
            <div>
              <h2 className="font-semibold">Recent top-ups</h2>
              <Rows testId="top-ups">
                {a.topUps.map((t) => (
                  <DatedRow
                    key={t.id}
                    what={<span className="font-medium">{TOP_UP_STATUS_LABELS[t.status]}</span>}
                    at={t.at}
                  >
                    {t.status === "PENDING" && (
                      <Link href={`/billing/checkout/${t.id}`} className="font-medium text-blue-700 underline">
                        Open checkout<span className="sr-only"> for {formatUsd(t.amountCents)}</span>
                      </Link>
                    )}
                    <span className="font-medium tabular-nums">{formatUsd(t.amountCents)}</span>
                  </DatedRow>
                ))}
              </Rows>
            </div>
          )}

          <div>
            <h2 className="font-semibold">Payouts to trainers</h2>
            {a.payouts.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">None yet.</p>
            ) : (
              <Rows testId="payouts">
                {a.payouts.map((p) => (
                  <DatedRow key={p.id} what={`${p.payee} · ${p.milestone}`} at={p.at}>
                    <span className="font-medium tabular-nums">{formatUsd(p.amountCents)}</span>
                  </DatedRow>
                ))}
              </Rows>
            )}
          </div>

          <div>
            <h2 className="font-semibold">Ledger</h2>
            {/* Rows, not a table: on a 375 px phone every amount stays on screen, beside what it was for. */}
            <Rows testId="ledger">
              {a.transactions.map((t) => (
                <li key={t.id} className="px-4 py-3 text-sm">
                  <p className="break-words font-medium">{t.memo}</p>
                  <p className="text-xs text-slate-600">
                    {LEDGER_KIND_LABELS[t.kind]} · {formatWhen(t.at)}
                  </p>
                  <ul className="mt-1 space-y-0.5">
                    {t.legs.map((leg) => (
                      <li key={leg.id} className="flex justify-between gap-3 tabular-nums">
                        <span className="text-slate-700">{leg.bucket === "Escrow" ? "In escrow" : "Available"}</span>
                        <span
                          data-testid="ledger-amount"
                          className={`shrink-0 font-medium ${leg.amountCents < 0 ? "text-rose-800" : "text-emerald-800"}`}
                        >
                          {signed(leg.amountCents)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </Rows>
          </div>
        </section>
      ))}
    </div>
  );
}

/** The page's lists (top-ups, payouts, the ledger): rows in one card. */
function Rows({ testId, children }: { testId: string; children: React.ReactNode }) {
  return (
    <ul className="mt-2 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid={testId}>
      {children}
    </ul>
  );
}

/** One dated row: what it was with when below it; at the end, never wrapped, its amount (and a link beside it). */
function DatedRow({ what, at, children }: { what: React.ReactNode; at: Date; children: React.ReactNode }) {
  return (
    <li className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
      <span className="min-w-0 break-words">
        {what}
        <span className="block text-xs text-slate-600">{formatWhen(at)}</span>
      </span>
      <span className="flex shrink-0 items-center gap-3">{children}</span>
    </li>
  );
}
