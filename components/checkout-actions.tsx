"use client";
import { useActionState } from "react";
import type { CheckoutActionState } from "@/app/(human)/billing/checkout/[topUpId]/actions";
import { ActionResult, type FormAction } from "@/components/action-result";
import { SubmitButton } from "@/components/submit-button";

type Action = FormAction<CheckoutActionState>;

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
      <ActionResult state={state} testId="checkout-result" />
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
