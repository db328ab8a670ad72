"use client";
import { useActionState } from "react";
import type { ApprovalActionState } from "@/app/(human)/approvals/[approvalId]/actions";
import { SubmitButton } from "@/components/submit-button";

type Action = (prev: ApprovalActionState, form: FormData) => Promise<ApprovalActionState>;

const TONES = {
  success: "bg-emerald-50 text-emerald-900",
  info: "bg-blue-50 text-blue-900",
  error: "bg-rose-50 text-rose-900",
};

/** Confirm and Decline: plain forms posting to server actions (POST-only, origin-checked by Next). */
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
      {state.message && (
        <p
          role="status"
          data-testid="action-result"
          className={`rounded-md px-3 py-2 text-sm font-medium ${TONES[state.tone ?? "info"]}`}
        >
          {state.message}
        </p>
      )}
      {isPending && (
        <>
          <form action={confirmAction} className="space-y-4">
            {confirmFields}
            <SubmitButton
              pendingText="Confirming…"
              className="w-full rounded-lg bg-emerald-700 px-4 py-3 text-base font-semibold text-white hover:bg-emerald-800"
            >
              {confirmLabel}
            </SubmitButton>
          </form>
          <form action={declineAction} className="space-y-2 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
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
            <SubmitButton
              pendingText="Declining…"
              className="w-full rounded-lg bg-white px-4 py-2.5 font-semibold text-rose-800 ring-1 ring-rose-300 hover:bg-rose-50"
            >
              Decline
            </SubmitButton>
          </form>
        </>
      )}
    </div>
  );
}
