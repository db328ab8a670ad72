import { formatWhen } from "@/components/time-left";
import type { Team } from "@/lib/team/get-team";

const OUTCOMES: Record<string, { text: string; isError?: boolean }> = {
  invite_created: { text: "Invitation sent. It lasts 7 days: signing up with that address joins the team." },
  member_added: { text: "They already had an account: they are a member now, and we emailed them." },
  already_member: { text: "They are already a member." },
  invalid: { text: "That is not an email address.", isError: true },
  refused: { text: "Only an owner of this account can invite or withdraw.", isError: true },
  withdrawn: { text: "Invitation withdrawn: signing up with that address no longer joins the team." },
  gone: { text: "That invitation was no longer open (used or withdrawn already)." },
};

type Props = {
  team: Team;
  canManage: boolean;
  inviteAction: (form: FormData) => Promise<void>;
  withdrawAction: (form: FormData) => Promise<void>;
  outcome?: string;
  /** The outcome's email could not be sent (mail is off or failed); the invitation itself stands. */
  isMailOff?: boolean;
};

/**
 * The account's team on /settings: members and open invitations; an owner invites a MEMBER by email (the mailer
 * sends the invitation; the invitee's sign-up with that address turns it into a membership).
 */
export function TeamSection({ team, canManage, inviteAction, withdrawAction, outcome, isMailOff }: Props) {
  const headingId = `team-${team.organization.id}`;
  const said = outcome ? OUTCOMES[outcome] : undefined;
  return (
    <section aria-labelledby={headingId} className="space-y-3" data-testid="team">
      <h2 id={headingId} className="font-semibold">
        Team — {team.organization.name}
      </h2>
      {said && (
        <p
          role={said.isError ? "alert" : "status"}
          className={`rounded-md px-3 py-2 text-sm ${said.isError ? "bg-rose-50 text-rose-800" : "bg-emerald-50 text-emerald-800"}`}
        >
          {said.text}
          {isMailOff && !said.isError && " The email could not be sent: tell them yourself."}
        </p>
      )}
      <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid="members">
        {team.members.map((m) => (
          <li key={m.userId} className="px-4 py-3 text-sm">
            <p className="font-medium break-words">
              {m.name} <span className="text-xs font-semibold text-slate-700">{m.role}</span>
            </p>
            <p className="text-xs break-all text-slate-700">{m.email}</p>
          </li>
        ))}
        {team.invites.map((invite) => (
          <li
            key={invite.id}
            className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm"
            data-testid="invite-row"
          >
            <div className="min-w-0">
              <p className="break-all">{invite.email}</p>
              <p className="text-xs text-slate-700">Invited; open until {formatWhen(new Date(invite.expiresAt))}</p>
            </div>
            {canManage && (
              <form action={withdrawAction}>
                <input type="hidden" name="accountId" value={team.organization.id} />
                <input type="hidden" name="inviteId" value={invite.id} />
                <button
                  type="submit"
                  aria-label={`Withdraw the invitation to ${invite.email}`}
                  className="rounded-md px-3 py-1.5 text-sm font-medium text-rose-800 ring-1 ring-rose-300"
                >
                  Withdraw
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form action={inviteAction} className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <input type="hidden" name="accountId" value={team.organization.id} />
          <label htmlFor={`${headingId}-email`} className="block text-sm font-medium">
            Invite a member by email
          </label>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              id={`${headingId}-email`}
              name="email"
              type="email"
              required
              autoComplete="off"
              className="w-full min-w-0 rounded-md border border-slate-300 px-3 py-2 text-base"
            />
            <button type="submit" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-semibold text-white">
              Invite
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
