import { SubmitButton } from "@/components/submit-button";
import type { EmailPreferencesInput } from "@/lib/notify/schemas";

type Props = {
  preferences: EmailPreferencesInput;
  isOwner: boolean;
  saveAction: (form: FormData) => Promise<void>;
  outcome?: string;
};

const CHOICES = [
  {
    name: "newApprovals",
    label: "When an agent asks for my approval",
    hint: "An email with what is asked, the amount, who is paid, and the link to decide.",
  },
  {
    name: "reminders",
    label: "One reminder before a request expires",
    hint: "Sent when a third of the time is left (a day, for the usual 3 days), only if nobody has decided yet.",
  },
] as const;

/** The human's email preferences on /settings: a plain form (a server action), so it works without JavaScript. */
export function EmailPreferencesSection({ preferences, isOwner, saveAction, outcome }: Props) {
  return (
    <section aria-labelledby="email-heading" className="space-y-3" data-testid="email-preferences">
      <h2 id="email-heading" className="font-semibold">
        Email
      </h2>
      <p className="text-sm text-slate-600">
        {isOwner
          ? "As an owner you are emailed when an agent needs your approval. Opening a link in these emails never moves money."
          : "Only owners of an account are emailed about its approvals; these choices apply once you are one."}
      </p>
      {outcome === "saved" && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Email settings saved.
        </p>
      )}
      {outcome === "invalid" && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          Those settings could not be saved. Tick the boxes you want and save again.
        </p>
      )}
      <form action={saveAction} className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">Email me</legend>
          {CHOICES.map((choice) => (
            <div key={choice.name} className="flex items-start gap-3">
              <input
                id={`email-${choice.name}`}
                name={choice.name}
                type="checkbox"
                defaultChecked={preferences[choice.name]}
                aria-describedby={`email-${choice.name}-hint`}
                className="mt-1 h-5 w-5 shrink-0"
              />
              <div className="min-w-0 text-sm">
                <label htmlFor={`email-${choice.name}`} className="font-medium">
                  {choice.label}
                </label>
                <p id={`email-${choice.name}-hint`} className="text-slate-600">
                  {choice.hint}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <SubmitButton
          pendingText="Saving…"
          className="w-full rounded-md bg-slate-900 px-4 py-2 text-sm font-semibold text-white sm:w-auto"
        >
          Save email settings
        </SubmitButton>
      </form>
    </section>
  );
}
