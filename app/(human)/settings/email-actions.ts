"use server";
import { redirect } from "next/navigation";
import { requireHuman } from "@/lib/auth/require-human";
import { formArgument, formText } from "@/lib/http/action-input";
import { setEmailPreferences } from "@/lib/notify/email-preferences";
import { emailPreferencesForm } from "@/lib/notify/schemas";

/**
 * "Save email settings" on /settings: the signed-in human's own preferences, nobody else's (the human comes from
 * the session, never from the form). A checkbox left unticked is absent from the form, which means off.
 */
export async function saveEmailPreferencesAction(value: unknown) {
  const human = await requireHuman("/settings");
  const form = formArgument(value);
  const fields = (name: string) => (form?.has(name) ? formText(form, name) : undefined);
  const parsed = emailPreferencesForm.safeParse({
    newApprovals: fields("newApprovals"),
    reminders: fields("reminders"),
  });
  if (!form || !parsed.success) redirect("/settings?email=invalid");
  await setEmailPreferences(human.id, parsed.data);
  // Post/redirect/get: the outcome rides in the query, so the page says it with or without JavaScript.
  redirect("/settings?email=saved");
}
