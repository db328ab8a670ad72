"use server";
import { AuthError } from "next-auth";
import { SignInThrottled, signIn } from "@/lib/auth/auth";
import { formArgument, formText } from "@/lib/http/action-input";
import { sameOriginRedirectPath } from "@/lib/http/same-origin-redirect";

export type SignInState = { error?: string; email?: string };

export async function signInAction(_prev: SignInState, input: FormData): Promise<SignInState> {
  const form = formArgument(input);
  if (!form) return { error: "The form could not be read. Reload the page and try again." };
  const email = formText(form, "email");
  try {
    await signIn("credentials", {
      email,
      password: formText(form, "password"),
      redirectTo: await sameOriginRedirectPath(form.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // Success arrives as a redirect, which must propagate; only auth failures become a message.
    if (error instanceof SignInThrottled) return { error: throttledMessage(error.retryAfterMs), email };
    if (error instanceof AuthError) return { error: "Wrong email or password.", email };
    throw error;
  }
}

/** Whole minutes, rounded up: "in 0 minutes" would invite an attempt that is still refused. */
function throttledMessage(retryAfterMs: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
