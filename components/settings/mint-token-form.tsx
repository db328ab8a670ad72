"use client";
import { useActionState, useState } from "react";
import type { MintTokenState } from "@/app/(human)/settings/api-key-actions";
import { FormAlert } from "@/components/form-alert";
import { SubmitButton } from "@/components/submit-button";
import { TextField } from "@/components/text-field";

type Action = (prev: MintTokenState, form: FormData) => Promise<MintTokenState>;

/**
 * An owner mints a token: a label, the scopes (checkboxes named by scope) and an optional expiry. A plain form
 * posting to a server action, so it works without JavaScript; the new token is then plain text on the page, shown
 * this once, and the copy button is an extra for browsers that run scripts.
 */
export function MintTokenForm({
  action,
  accountId,
  scopes,
}: {
  action: Action;
  accountId: string;
  scopes: { scope: string; description: string }[];
}) {
  const [state, submit] = useActionState(action, {});
  const [copied, setCopied] = useState(false);
  const prefix = `mint-${accountId}`;
  return (
    <div className="space-y-3">
      {state.accessToken && (
        <div
          role="status"
          className="space-y-2 rounded-md bg-emerald-50 px-3 py-3 text-sm text-emerald-900"
          data-testid="new-token"
        >
          <p className="font-medium">Token “{state.name}” created. Copy it now: it is shown only this once.</p>
          <code
            className="block break-all rounded bg-white px-2 py-2 font-mono text-xs ring-1 ring-emerald-200"
            data-testid="new-token-value"
          >
            {state.accessToken}
          </code>
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(state.accessToken!).then(() => setCopied(true))}
            className="rounded-md px-3 py-2 text-sm font-medium text-emerald-900 ring-1 ring-emerald-400 hover:bg-emerald-100"
          >
            {copied ? "Copied" : "Copy token"}
          </button>
        </div>
      )}
      <form
        action={submit}
        className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200"
        data-testid="mint-token-form"
      >
        <input type="hidden" name="accountId" value={accountId} />
        <h3 className="font-medium">Create a token</h3>
        <TextField label="Label" id={`${prefix}-name`} name="name" maxLength={120} placeholder="e.g. Payments agent" />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Scopes</legend>
          {scopes.map(({ scope, description }) => (
            <div key={scope} className="flex items-start gap-2 text-sm">
              <input
                id={`${prefix}-${scope}`}
                type="checkbox"
                name="scopes"
                value={scope}
                className="mt-1 h-4 w-4 shrink-0"
              />
              <label htmlFor={`${prefix}-${scope}`}>
                <code className="font-mono">{scope}</code> — {description}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField label="Expires on (optional)" id={`${prefix}-expires`} name="expiresOn" type="date" />
        <FormAlert message={state.message} />
        <SubmitButton
          pendingText="Creating…"
          className="w-full rounded-md bg-slate-900 px-4 py-2 text-sm font-semibold text-white sm:w-auto"
        >
          Create token
        </SubmitButton>
      </form>
    </div>
  );
}
