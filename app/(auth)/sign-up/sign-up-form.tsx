"use client";
import { useActionState } from "react";
import { FormAlert } from "@/components/form-alert";
import { SubmitButton } from "@/components/submit-button";
import { TextField } from "@/components/text-field";
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
        <TextField
          key={field.name}
          {...field}
          required
          defaultValue={field.name === "password" ? undefined : state.values?.[field.name]}
          error={state.fieldErrors?.[field.name]}
        />
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
