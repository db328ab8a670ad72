"use server";
import { redirect } from "next/navigation";
import { completeClaim } from "@/lib/agent-auth/complete-claim";
import { signOut } from "@/lib/auth/auth";
import { requireHuman } from "@/lib/auth/require-human";
import { formArgument, formText } from "@/lib/http/action-input";

const ATTEMPT = /^ot_cat_[A-Za-z0-9]{16}_[A-Za-z0-9]{32}$/;
const claimPath = (attempt: string, query = "") => `/claim?attempt=${encodeURIComponent(attempt)}${query}`;

// The human types the code. Post/redirect/get, so the page works the same without JavaScript and a reload never
// re-submits a try.
export async function submitClaimCode(input: unknown) {
  const form = formArgument(input);
  const attempt = form ? formText(form, "attempt") : "";
  if (!ATTEMPT.test(attempt)) redirect("/claim");
  const human = await requireHuman(claimPath(attempt));
  const result = await completeClaim({ attemptToken: attempt, code: formText(form!, "code").trim(), human });
  if (result.outcome === "wrong_code") redirect(claimPath(attempt, `&wrong=${result.triesLeft}`));
  redirect(claimPath(attempt));
}

/** Signed in as someone else: sign out, then sign in again on the way back here. */
export async function signOutToClaim(input: unknown) {
  const form = formArgument(input);
  const attempt = form ? formText(form, "attempt") : "";
  const back = ATTEMPT.test(attempt) ? claimPath(attempt) : "/claim";
  await signOut({ redirectTo: `/sign-in?callbackUrl=${encodeURIComponent(back)}` });
}
