import { formatWhen } from "@/components/time-left";
import { MintTokenForm } from "@/components/settings/mint-token-form";
import type { PresentedToken } from "@/lib/tokens/present-token";

type Props = {
  accountId: string;
  accountName: string;
  canManage: boolean;
  tokens: PresentedToken[];
  scopes: { scope: string; description: string }[];
  mintAction: React.ComponentProps<typeof MintTokenForm>["action"];
  revokeAction: (form: FormData) => Promise<void>;
  isRevoked: boolean;
};

const when = (iso: string | null, none: string) => (iso ? formatWhen(new Date(iso)) : none);

/** The account's API keys on /settings: each token's label, scopes, last use and expiry; owners mint and revoke. */
export function ApiKeysSection(props: Props) {
  const headingId = `api-keys-${props.accountId}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3" data-testid="api-keys">
      <h2 id={headingId} className="font-semibold">
        API keys — {props.accountName}
      </h2>
      <p className="text-sm text-slate-600">
        Agents call the API with these tokens. A token never holds more than it was given; revoking one stops it at
        once.
        {!props.canManage && " Only an owner of this account can create or revoke tokens."}
      </p>
      {props.isRevoked && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Token revoked. Its next call is refused.
        </p>
      )}
      {props.canManage && <MintTokenForm action={props.mintAction} accountId={props.accountId} scopes={props.scopes} />}
      <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200" data-testid="token-list">
        {props.tokens.map((token) => (
          <li
            key={token.id}
            className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:justify-between"
            data-testid="token-row"
          >
            <div className="min-w-0 text-sm">
              <p className="font-medium break-words">
                {token.name}{" "}
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-800">
                  {token.status}
                </span>
              </p>
              <p className="mt-1 font-mono text-xs break-all text-slate-700">{token.preview}</p>
              <p className="mt-1 text-xs break-words text-slate-700">{token.scopes.join(", ") || "No scopes"}</p>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-700">
                <dt className="text-slate-600">Last used</dt>
                <dd>{when(token.lastUsedAt, "Never")}</dd>
                <dt className="text-slate-600">Expires</dt>
                <dd>{when(token.expiresAt, "Never")}</dd>
              </dl>
            </div>
            {props.canManage && token.status === "active" && (
              <form action={props.revokeAction} className="shrink-0">
                <input type="hidden" name="accountId" value={props.accountId} />
                <input type="hidden" name="tokenId" value={token.id} />
                <button
                  type="submit"
                  className="w-full rounded-md px-3 py-2 text-sm font-medium text-rose-800 ring-1 ring-rose-300 hover:bg-rose-50 sm:w-auto"
                >
                  Revoke<span className="sr-only"> {token.name}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
