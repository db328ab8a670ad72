import { notFound } from "next/navigation";
import { MILESTONE_STATUS_LABELS } from "@/components/status-labels";
import { formatWhen } from "@/components/time-left";
import { resourceId } from "@/lib/api/resource-id";
import { requireHuman } from "@/lib/auth/require-human";
import { getInvoice } from "@/lib/invoices/get-invoice";
import { formatUsd } from "@/lib/money";

export const metadata = { title: "Invoice — Co-sign" };

export default async function InvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const { invoiceId } = await params;
  const human = await requireHuman(`/invoices/${invoiceId}`);
  const found = resourceId.safeParse(invoiceId).success ? await getInvoice({ invoiceId, humanId: human.id }) : null;
  if (!found) notFound();
  const { invoice, milestone, accountName, settlement } = found;
  return (
    <article className="space-y-4">
      <p className="text-sm text-slate-500">{accountName} · invoice</p>
      <h1 className="text-xl font-semibold break-words">Invoice {invoice.id}</h1>
      <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 rounded-xl bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-[8rem_1fr]">
        <dt className="text-slate-500">Amount</dt>
        <dd data-testid="invoice-amount" className="font-semibold tabular-nums">
          {formatUsd(invoice.amountCents)}
        </dd>
        <dt className="text-slate-500">Issued</dt>
        <dd>{formatWhen(invoice.createdAt)}</dd>
        <dt className="text-slate-500">Trainer</dt>
        <dd>
          {milestone ? `${milestone.contract.freelancer.displayName} (${milestone.contract.freelancer.country})` : "—"}
        </dd>
        <dt className="text-slate-500">Contract</dt>
        <dd className="break-words">{milestone?.contract.title ?? "—"}</dd>
        <dt className="text-slate-500">Milestone</dt>
        <dd className="break-words">{milestone ? `#${milestone.milestoneNumber} ${milestone.name}` : "—"}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd data-testid="invoice-status">
          {milestone ? MILESTONE_STATUS_LABELS[milestone.status] : "—"}
          {settlement && ` on ${formatWhen(settlement.createdAt)}`}
        </dd>
      </dl>
    </article>
  );
}
