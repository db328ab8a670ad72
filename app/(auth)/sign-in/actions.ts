"use server";
import { AuthError } from "next-auth";
import { SignInThrottled, signIn } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/require-human";

export type SignInState = { error?: string; email?: string };

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: safeCallbackPath(form.get("callbackUrl")),
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
