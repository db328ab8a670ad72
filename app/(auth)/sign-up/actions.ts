"use server";
import { ApiError } from "@/lib/api/errors";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { signIn } from "@/lib/auth/auth";
import { clientAddress } from "@/lib/auth/client-address";
import { formArgument, formText } from "@/lib/http/action-input";
import { sameOriginRedirectPath } from "@/lib/http/same-origin-redirect";
import { createHuman, signUpInput } from "@/lib/humans/create-human";
import { takeSignUp } from "@/lib/humans/sign-up-throttle";

export type SignUpState = {
  error?: string;
  fieldErrors?: Record<string, string>;
  values?: { name: string; email: string };
};

export async function signUpAction(_prev: SignUpState, input: FormData): Promise<SignUpState> {
  const form = formArgument(input);
  if (!form) return { error: "The form could not be read. Reload the page and try again." };
  const values = { name: formText(form, "name"), email: formText(form, "email") };
  const parsed = signUpInput.safeParse({ ...values, password: formText(form, "password") });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { fieldErrors, values };
  }
  // Counted before the password is hashed: a flood gets no more hashing out of the server than the limit allows.
  const waitMs = await takeSignUp(clientAddress(new Headers(await headers())));
  if (waitMs > 0) {
    const minutes = Math.ceil(waitMs / 60_000);
    return {
      error: `Too many sign-ups from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      values,
    };
  }
  try {
    await createHuman(parsed.data);
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message, values };
    throw error;
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: await sameOriginRedirectPath(form.get("callbackUrl")),
    });
  } catch (error) {
    // The account exists now; only the sign-in after it was refused (sign-in throttling of this network).
    if (error instanceof AuthError)
      return {
        error:
          "Your account was created, but sign-in is paused after too many attempts from your network. Sign in later.",
        values,
      };
    throw error;
  }
  return {};
}
