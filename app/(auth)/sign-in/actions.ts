"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { sameOriginRedirectPath } from "@/lib/http/same-origin-redirect";

export type SignInState = { error?: string; email?: string };

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: await sameOriginRedirectPath(form.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // Success arrives as a redirect, which must propagate; only auth failures become a message.
    if (error instanceof AuthError) return { error: "Wrong email or password.", email };
    throw error;
  }
}
