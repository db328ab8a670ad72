"use client";
import { useActionState } from "react";
import type { ApprovalActionState } from "@/app/(human)/approvals/[approvalId]/actions";
import { ActionResult, type FormAction } from "@/components/action-result";
import { SubmitButton } from "@/components/submit-button";

type Action = FormAction<ApprovalActionState>;

/**
 * Confirm and Decline: plain forms posting to server actions (POST-only, origin-checked by Next), so they work with
 * JavaScript off. The confirm button sits in a bar fixed to the bottom of the screen, so it is in reach without
 * scrolling past the details; it stays inside its form (a fixed element may live anywhere in the form), so the
 * human's choices above (a hire's milestone, an end's settlements) travel with it. Declining is the quieter path:
 * an ordinary button at the end of the page, its optional reason behind a disclosure.
 */
export function ApprovalActions({
  confirm,
  decline,
  confirmLabel,
  isPending,
  confirmFields,
}: {
  confirm: Action;
  decline: Action;
  confirmLabel: string;
  isPending: boolean;
  /** What the human decides with the confirmation (a hire's milestone, an end's choices): posted with it. */
  confirmFields?: React.ReactNode;
}) {
  const [confirmState, confirmAction] = useActionState(confirm, {});
  const [declineState, declineAction] = useActionState(decline, {});
  const state = confirmState.message ? confirmState : declineState;
  return (
    <div className="space-y-4">
      <ActionResult state={state} testId="action-result" />
      {isPending && (
        <>
          <form action={confirmAction} className="space-y-4">
            {confirmFields}
            <div
              data-testid="confirm-bar"
              className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] shadow-[0_-4px_16px_rgba(15,23,42,0.08)]"
            >
              <div className="mx-auto flex max-w-3xl flex-col gap-1.5 sm:flex-row-reverse sm:items-center sm:gap-4">
                <SubmitButton
                  pendingText="Confirming…"
                  describedBy="confirm-note"
                  className="w-full rounded-lg bg-emerald-700 px-5 py-3 text-base font-semibold text-white hover:bg-emerald-800 sm:w-auto"
                >
                  {confirmLabel}
                </SubmitButton>
                <p id="confirm-note" className="text-center text-sm text-slate-700 sm:ml-auto sm:text-right">
                  This cannot be undone.
                </p>
              </div>
            </div>
          </form>
          <section aria-labelledby="decline-heading" className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
            <h2 id="decline-heading" className="text-sm font-semibold text-slate-800">
              Not right? Decline it
            </h2>
            <p className="mt-1 text-sm text-slate-600">Nothing moves, and the agent sees that you declined.</p>
            <form action={declineAction} className="mt-3 space-y-3">
              <details className="group">
                <summary className="cursor-pointer text-sm font-medium text-blue-800 underline">
                  Add a reason for the agent
                </summary>
                <div className="mt-2 space-y-1">
                  <label className="block text-sm font-medium" htmlFor="decline-reason">
                    Reason for declining (optional, shown to the agent)
                  </label>
                  <textarea
                    id="decline-reason"
                    name="reason"
                    rows={2}
                    maxLength={500}
                    className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base"
                  />
                </div>
              </details>
              <SubmitButton
                pendingText="Declining…"
                className="w-full rounded-lg bg-white px-4 py-2.5 font-semibold text-rose-800 ring-1 ring-rose-300 hover:bg-rose-50 sm:w-auto"
              >
                Decline
              </SubmitButton>
            </form>
          </section>
          {/* Room under the last card, so the fixed bar never covers it. */}
          <div aria-hidden="true" className="h-28 sm:h-20" />
        </>
      )}
    </div>
  );
}
