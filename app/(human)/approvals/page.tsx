import { ApprovalListItem } from "@/components/approval-list-item";
import { listHumanApprovals } from "@/lib/approvals/list-human-approvals";
import { requireHuman } from "@/lib/auth/require-human";
import { now } from "@/lib/clock";

export const metadata = { title: "Approvals — Co-sign" };

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
              <ApprovalListItem key={a.id} approval={a} at={at} />
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
              <ApprovalListItem key={a.id} approval={a} at={at} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
