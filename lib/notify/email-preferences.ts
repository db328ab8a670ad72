import "server-only";
import { now } from "@/lib/clock";
import { db, isUniqueViolation } from "@/lib/db";
import type { EmailPreferencesInput } from "@/lib/notify/schemas";

/** Everything on until the human says otherwise: an owner who never opened /settings is still told. */
export const DEFAULT_EMAIL_PREFERENCES: EmailPreferencesInput = { newApprovals: true, reminders: true };

/** What this human wants to be emailed about (the defaults when they never chose). */
export async function getEmailPreferences(humanId: string): Promise<EmailPreferencesInput> {
  const row = await (
    await db()
  ).emailPreferences.findUnique({
    where: { humanId },
    select: { newApprovals: true, reminders: true },
  });
  return row ?? DEFAULT_EMAIL_PREFERENCES;
}

/** Saves the human's choice (the /settings form). The last save wins; two at once never fail the second. */
export async function setEmailPreferences(humanId: string, preferences: EmailPreferencesInput) {
  const client = await db();
  const data = { ...preferences, updatedAt: now() };
  try {
    await client.emailPreferences.upsert({ where: { humanId }, create: { humanId, ...data }, update: data });
  } catch (error) {
    // Two first saves at once: both tried to create the row; the one that lost updates it instead.
    if (!isUniqueViolation(error)) throw error;
    await client.emailPreferences.update({ where: { humanId }, data });
  }
}
