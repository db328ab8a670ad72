import { z } from "zod";

/** The email preferences form on /settings (a checkbox left unticked is absent from the form: off). */
export const emailPreferencesInput = z.object({ newApprovals: z.boolean(), reminders: z.boolean() });
export type EmailPreferencesInput = z.infer<typeof emailPreferencesInput>;

/** The form's fields as the browser posts them: a ticked checkbox sends "on". */
export const emailPreferencesForm = z
  .object({ newApprovals: z.literal("on").optional(), reminders: z.literal("on").optional() })
  .transform((form) => ({ newApprovals: form.newApprovals === "on", reminders: form.reminders === "on" }))
  .pipe(emailPreferencesInput);
