"use server";
import { ApiError } from "@/lib/api/errors";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/require-human";
import { createHuman, signUpInput } from "@/lib/humans/create-human";

export type SignUpState = { error?: string; fieldErrors?: Record<string, string>; values?: { name: string; email: string } };

export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = signUpInput.safeParse({ ...values, password: String(form.get("password") ?? "") });
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { fieldErrors, values };
  }
  try {
    await createHuman(parsed.data);
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message, values };
    throw error;
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeCallbackPath(form.get("callbackUrl")) });
  } catch (error) {
    // The account exists now; only the sign-in after it was refused (sign-in throttling of this network).
    if (error instanceof AuthError) return { error: "Your account was created, but sign-in is paused after too many attempts from your network. Sign in later.", values };
    throw error;
  }
  return {};
}
