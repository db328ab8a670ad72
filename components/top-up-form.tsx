"use client";
import { useActionState } from "react";
import type { TopUpFormState } from "@/app/(human)/billing/actions";
import { SubmitButton } from "@/components/submit-button";

type Action = (prev: TopUpFormState, form: FormData) => Promise<TopUpFormState>;

/**
 * Pick an amount, then on to the sandbox checkout. A plain form posting to a server action, so it works before (or
 * without) JavaScript; the browser's own min/max check is a convenience, the server parses the same schema as the API.
 */
export function TopUpForm({
  action,
  accountId,
  minUsd,
  maxUsd,
}: {
  action: Action;
  accountId: string;
  minUsd: number;
  maxUsd: number;
}) {
  const [state, submit] = useActionState(action, {});
  const inputId = `top-up-amount-${accountId}`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <form action={submit} className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="top-up-form">
      <h2 className="font-semibold">Add funds</h2>
      <div className="space-y-1">
        <label htmlFor={inputId} className="block text-sm font-medium">
          Amount in US dollars
        </label>
        <div className="flex items-center rounded-md border border-slate-300 bg-white focus-within:ring-2 focus-within:ring-blue-600">
          <span className="pl-3 text-slate-600" aria-hidden="true">
            $
          </span>
          <input
            id={inputId}
            name="amountUsd"
            type="number"
            inputMode="decimal"
            min={minUsd}
            max={maxUsd}
            step="0.01"
            required
            defaultValue={state.amountUsd ?? "100"}
            aria-describedby={state.message ? `${hintId} ${errorId}` : hintId}
            aria-invalid={state.message ? true : undefined}
            className="w-full min-w-0 rounded-md px-2 py-2 text-base outline-none"
          />
        </div>
        <p id={hintId} className="text-sm text-slate-600">
          From ${minUsd.toLocaleString("en-US")} to ${maxUsd.toLocaleString("en-US")}. Next: a sandbox checkout, where
          nothing is charged.
        </p>
      </div>
      {state.message && (
        <p id={errorId} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {state.message}
        </p>
      )}
      <SubmitButton
        pendingText="Starting checkout…"
        className="w-full rounded-lg bg-blue-700 px-4 py-2.5 font-semibold text-white hover:bg-blue-800 sm:w-auto"
      >
        Continue to checkout
      </SubmitButton>
    </form>
  );
}
