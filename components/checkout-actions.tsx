"use client";
import { useActionState } from "react";
import type { CheckoutActionState } from "@/app/(human)/billing/checkout/[topUpId]/actions";
import { SubmitButton } from "@/components/submit-button";

type Action = (prev: CheckoutActionState, form: FormData) => Promise<CheckoutActionState>;

const TONES = {
  success: "bg-emerald-50 text-emerald-900",
  info: "bg-blue-50 text-blue-900",
  error: "bg-rose-50 text-rose-900",
};

/** Pay and Cancel on the sandbox checkout: plain forms posting to server actions (POST-only, origin-checked by Next). */
export function CheckoutActions({
  pay,
  cancel,
  payLabel,
  isPending,
}: {
  pay: Action;
  cancel: Action;
  payLabel: string;
  isPending: boolean;
}) {
  const [payState, payAction] = useActionState(pay, {});
  const [cancelState, cancelAction] = useActionState(cancel, {});
  const state = payState.message ? payState : cancelState;
  return (
    <div className="space-y-3">
      {state.message && (
        <p
          role="status"
          data-testid="checkout-result"
          className={`rounded-md px-3 py-2 text-sm font-medium ${TONES[state.tone ?? "info"]}`}
        >
          {state.message}
        </p>
      )}
      {isPending && (
        <>
          <form action={payAction}>
            <SubmitButton
              pendingText="Paying…"
              className="w-full rounded-lg bg-emerald-700 px-4 py-3 text-base font-semibold text-white hover:bg-emerald-800"
            >
              {payLabel}
            </SubmitButton>
          </form>
          <form action={cancelAction}>
            <SubmitButton
              pendingText="Canceling…"
              className="w-full rounded-lg bg-white px-4 py-2.5 font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Cancel this top-up
            </SubmitButton>
          </form>
        </>
      )}
    </div>
  );
}
