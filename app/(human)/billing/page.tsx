import { formatWhen } from "@/components/time-left";
import { requireHuman } from "@/lib/auth/require-human";
import { getAccountsMoney } from "@/lib/ledger/get-account-money";
import { formatUsd } from "@/lib/money";

export const metadata = { title: "Money — Co-sign" };

export default async function BillingPage() {
  const human = await requireHuman("/billing");
  const accounts = await getAccountsMoney(human.id);
  if (accounts.length === 0) return <p className="text-slate-600">You are not a member of any account yet.</p>;
  return (
    <div className="space-y-10">
      {accounts.map((a) => (
        <section key={a.account.id} className="space-y-4" data-testid={`money-${a.account.id}`}>
          <h1 className="text-xl font-semibold">{a.account.name}</h1>
          <div className="grid grid-cols-2 gap-3">
            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <p className="text-sm text-slate-500">Available</p>
              <p className="text-2xl font-semibold tabular-nums" data-testid="balance-available">
                {formatUsd(a.available)}
              </p>
            </div>
            <div className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <p className="text-sm text-slate-500">In escrow</p>
              <p className="text-2xl font-semibold tabular-nums" data-testid="balance-escrow">
                {formatUsd(a.escrow)}
              </p>
            </div>
          </div>
          <div>
            <h2 className="font-semibold">Payouts to trainers</h2>
            {a.payouts.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">None yet.</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid="payouts">
                {a.payouts.map((p) => (
                  <li key={p.id} className="flex justify-between gap-3 px-4 py-2 text-sm">
                    <span className="min-w-0 truncate">
                      {p.payee} · {p.milestone}
                      <span className="block text-xs text-slate-500">{formatWhen(p.at)}</span>
                    </span>
                    <span className="shrink-0 font-medium tabular-nums">{formatUsd(p.amountCents)}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h2 className="font-semibold">Ledger</h2>
            <div className="mt-2 overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
              <table className="w-full text-sm tabular-nums">
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className="px-3 py-2 font-normal">When</th>
                    <th className="px-3 py-2 font-normal">What</th>
                    <th className="px-3 py-2 font-normal">Balance</th>
                    <th className="px-3 py-2 text-right font-normal">Amount</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {a.entries.map((e) => (
                    <tr key={e.id}>
                      <td className="whitespace-nowrap px-3 py-2 text-slate-500">{formatWhen(e.at)}</td>
                      <td className="px-3 py-2">{e.memo}</td>
                      <td className="px-3 py-2">{e.bucket}</td>
                      <td className={`px-3 py-2 text-right ${e.amountCents < 0 ? "text-rose-700" : "text-emerald-700"}`}>
                        {e.amountCents < 0 ? "−" : "+"}
                        {formatUsd(Math.abs(e.amountCents))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </section>
      ))}
    </div>
  );
}
