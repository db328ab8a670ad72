"use client";
import { useActionState } from "react";
import { FormAlert } from "@/components/form-alert";
import { SubmitButton } from "@/components/submit-button";
import { signUpAction, type SignUpState } from "./actions";

const FIELDS = [
  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password (at least 10 characters)", type: "password", autoComplete: "new-password" },
] as const;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<SignUpState, FormData>(signUpAction, {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {FIELDS.map((field) => (
        <label key={field.name} className="block">
          <span className="text-sm font-medium">{field.label}</span>
          <input
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            required
            defaultValue={field.name === "password" ? undefined : state.values?.[field.name]}
            aria-invalid={Boolean(state.fieldErrors?.[field.name])}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base"
          />
          {state.fieldErrors?.[field.name] && (
            <span className="mt-1 block text-sm text-rose-700">{state.fieldErrors[field.name]}</span>
          )}
        </label>
      ))}
      <FormAlert message={state.error} />
      <SubmitButton
        pendingText="Creating your account…"
        className="w-full rounded-md bg-slate-900 px-4 py-2.5 font-semibold text-white"
      >
        Create account
      </SubmitButton>
    </form>
  );
}
