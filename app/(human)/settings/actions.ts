"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { requireHuman } from "@/lib/auth/require-human";
import { endSession } from "@/lib/sessions/end-session";

const sessionIdField = z.string().regex(/^ses_[0-9A-Za-z]{20}$/);

/**
 * "End session" on /settings. Server actions are POST-only and origin-checked (Next, and proxy.ts with a clean
 * 403), so another site cannot end a session for the human. Only the human's own sessions can be ended.
 */
export async function endSessionAction(form: unknown) {
  const human = await requireHuman("/settings");
  const parsed = sessionIdField.safeParse(form instanceof FormData ? form.get("sessionId") : undefined);
  if (!parsed.success) redirect("/settings");
  await endSession({ sessionId: parsed.data, humanId: human.id });
  // Ending the session this browser is on is signing out: clear its cookie too.
  if (parsed.data === human.sessionId) await signOut({ redirectTo: "/sign-in" });
  // Post/redirect/get, so a reload does not resubmit and the page works the same without JavaScript.
  redirect("/settings?ended=1");
}
