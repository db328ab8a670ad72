import { ApiKeysSection } from "@/components/settings/api-keys-section";
import { EmailPreferencesSection } from "@/components/settings/email-preferences-section";
import { TeamSection } from "@/components/settings/team-section";
import { WebhooksSection } from "@/components/settings/webhooks-section";
import { formatWhen } from "@/components/time-left";
import { canMoveMoney, listHumanAccounts } from "@/lib/accounts/account-access";
import { requireHuman } from "@/lib/auth/require-human";
import { SCOPE_DESCRIPTIONS, SCOPES } from "@/lib/auth/scopes";
import { getEmailPreferences } from "@/lib/notify/email-preferences";
import { getTeam } from "@/lib/team/get-team";
import { listTokens } from "@/lib/tokens/list-tokens";
import { describeDevice } from "@/lib/sessions/describe-device";
import { listActiveSessions } from "@/lib/sessions/list-sessions";
import { listWebhooksWithDeliveries } from "@/lib/webhooks/read-webhooks";
import { endSessionAction } from "./actions";
import { saveEmailPreferencesAction } from "./email-actions";
import { mintTokenAction, revokeTokenAction } from "./api-key-actions";
import { inviteMemberAction, withdrawInviteAction } from "./team-actions";

const SCOPE_CHOICES = SCOPES.map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope] }));

export const metadata = { title: "Settings — Co-sign" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ ended?: string; revoked?: string; invite?: string; mail?: string; email?: string }>;
}) {
  const human = await requireHuman("/settings");
  const sessions = await listActiveSessions(human.id);
  const query = await searchParams;
  const isEnded = query.ended === "1";
  const accounts = await listHumanAccounts(human.id);
  const tokensByAccount = await Promise.all(accounts.map((a) => listTokens({ accountId: a.accountId })));
  const teams = await Promise.all(accounts.map((a) => getTeam({ accountId: a.accountId })));
  const emailPreferences = await getEmailPreferences(human.id);
  const webhooksByAccount = await Promise.all(
    accounts.map((a) => listWebhooksWithDeliveries({ accountId: a.accountId })),
  );
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">
          Signed in as <span className="break-all">{human.email}</span>.
        </p>
      </div>
      <section aria-labelledby="sessions-heading" className="space-y-3">
        <h2 id="sessions-heading" className="font-semibold">
          Where you are signed in
        </h2>
        <p className="text-sm text-slate-600">
          Each sign-in lasts at most 7 days. End any session you do not recognise: that browser is signed out at once.
        </p>
        {isEnded && (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Session ended. That browser is signed out.
          </p>
        )}
        <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid="sessions">
          {sessions.map((s) => {
            const isCurrent = s.id === human.sessionId;
            const device = describeDevice(s.userAgent);
            return (
              <li
                key={s.id}
                className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-start sm:justify-between"
                data-testid="session-row"
                data-current={isCurrent}
              >
                <div className="min-w-0 text-sm">
                  <p className="font-medium">
                    {device}
                    {isCurrent && (
                      <span className="ml-2 rounded bg-slate-900 px-1.5 py-0.5 text-xs font-semibold text-white">
                        This device
                      </span>
                    )}
                  </p>
                  <p className="mt-1 break-all text-xs text-slate-600">{s.userAgent || "No user agent sent"}</p>
                  <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-700">
                    <dt className="text-slate-600">Signed in</dt>
                    <dd data-testid="session-created">{formatWhen(s.createdAt)}</dd>
                    <dt className="text-slate-600">Last seen</dt>
                    <dd data-testid="session-last-seen">{formatWhen(s.lastSeenAt)}</dd>
                    <dt className="text-slate-600">Network</dt>
                    <dd>{s.ipPrefix}</dd>
                    <dt className="text-slate-600">Ends by</dt>
                    <dd>{formatWhen(s.expiresAt)}</dd>
                  </dl>
                </div>
                <form action={endSessionAction} className="shrink-0">
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button
                    type="submit"
                    className="w-full rounded-md px-3 py-2 text-sm font-medium text-rose-800 ring-1 ring-rose-300 hover:bg-rose-50 sm:w-auto"
                  >
                    {isCurrent ? "End this session (signs you out)" : "End session"}
                    <span className="sr-only">
                      {" "}
                      — {device}, signed in {formatWhen(s.createdAt)}
                    </span>
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      </section>
      <EmailPreferencesSection
        preferences={emailPreferences}
        isOwner={accounts.some((a) => canMoveMoney(a.role))}
        saveAction={saveEmailPreferencesAction}
        outcome={query.email}
      />
      {accounts.map((account, i) => (
        <ApiKeysSection
          key={account.accountId}
          accountId={account.accountId}
          accountName={account.accountName}
          canManage={account.canManage}
          tokens={tokensByAccount[i]}
          scopes={SCOPE_CHOICES}
          mintAction={mintTokenAction}
          revokeAction={revokeTokenAction}
          isRevoked={query.revoked === "1"}
        />
      ))}
      {accounts.map((account, i) => (
        <TeamSection
          key={account.accountId}
          team={teams[i]}
          canManage={account.canManage}
          inviteAction={inviteMemberAction}
          withdrawAction={withdrawInviteAction}
          outcome={query.invite}
          isMailOff={query.mail === "off"}
        />
      ))}
      {accounts.map((account, i) => (
        <WebhooksSection
          key={account.accountId}
          accountId={account.accountId}
          accountName={account.accountName}
          webhooks={webhooksByAccount[i]}
        />
      ))}
    </div>
  );
}
