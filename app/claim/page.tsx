import Link from "next/link";
import { TextField } from "@/components/text-field";
import { MAX_CODE_TRIES } from "@/lib/agent-auth/claim-terms";
import { getClaimView, type ClaimView } from "@/lib/agent-auth/get-claim-view";
import { submitClaimCode, signOutToClaim } from "./actions";

export const metadata = { title: "Claim an agent's account — Co-sign" };

type Search = { attempt?: string; wrong?: string };

// Where claimUrl and the claim email's link point. Plain forms posting to server actions: it works on a phone and
// without JavaScript. Opening the page changes nothing; only typing the code (a POST) claims.
export default async function ClaimPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { attempt, wrong } = await searchParams;
  const view = await getClaimView(typeof attempt === "string" ? attempt : undefined, MAX_CODE_TRIES);
  const here = attempt ? `/claim?attempt=${encodeURIComponent(attempt)}` : "/claim";
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-10 sm:py-16">
      <h1 className="text-2xl font-semibold">Claim an agent&apos;s account</h1>
      <div className="mt-4 space-y-4 text-base text-slate-700">
        <Body view={view} attempt={attempt ?? ""} here={here} wrong={wrong} />
      </div>
    </main>
  );
}

function Body({ view, attempt, here, wrong }: { view: ClaimView; attempt: string; here: string; wrong?: string }) {
  const button = "block w-full rounded-md bg-slate-900 px-4 py-3 text-center font-semibold text-white";
  const link = "font-medium text-blue-700 underline";
  switch (view.state) {
    case "no_attempt":
      return (
        <>
          <p>
            An AI agent created an account that no human owns yet. Until a human claims it, the agent can look around
            but cannot hire anyone or move money.
          </p>
          <h2 className="pt-2 font-semibold text-slate-900">To claim it</h2>
          <ol className="list-decimal space-y-2 pl-5">
            <li>
              Ask the agent to start a claim with your email address (it calls{" "}
              <code>POST /api/agent/identity/claim</code>
              ).
            </li>
            <li>You get an email with a link to this page, and the agent shows you a 6-digit code.</li>
            <li>Open the link, sign in or create an account with that same email, and type the code.</li>
          </ol>
          <p>The account is then yours: you confirm every payment the agent asks for.</p>
        </>
      );
    case "restart":
      return (
        <p role="alert">
          This link no longer works: the code expired, too many wrong codes were typed, or the agent started a newer
          claim. Ask the agent to start the claim again; you will get a new email and the agent a new code.
        </p>
      );
    case "claimed_by_you":
      return (
        <>
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-900">
            Done: the account is yours. The agent receives its new token the next time it checks.
          </p>
          <Link className={button} href="/approvals">
            Go to approvals
          </Link>
        </>
      );
    case "claimed":
      return <p>This account has already been claimed.</p>;
    case "sign_in":
      return (
        <>
          <p>
            An AI agent asked for <strong>{view.email}</strong> to own its account. Sign in or create an account with
            exactly that email, then type the code the agent shows you.
          </p>
          <Link className={button} href={`/sign-up?callbackUrl=${encodeURIComponent(here)}`}>
            Create an account
          </Link>
          <p className="text-center">
            Already have one?{" "}
            <Link className={link} href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}>
              Sign in
            </Link>
          </p>
        </>
      );
    case "other_human":
      return (
        <>
          <p>
            You are signed in as <strong>{view.signedInAs}</strong>, but this claim is for <strong>{view.email}</strong>
            . Sign in with that email to continue.
          </p>
          <form action={signOutToClaim}>
            <input type="hidden" name="attempt" value={attempt} />
            <button type="submit" className={button}>
              Sign out and sign in as {view.email}
            </button>
          </form>
        </>
      );
    case "enter_code":
      return (
        <>
          <p>
            Type the 6-digit code the agent shows you. The account becomes yours (<strong>{view.email}</strong>) and you
            will confirm every payment it asks for.
          </p>
          {wrong && (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
              That code is not right. {view.triesLeft} {view.triesLeft === 1 ? "try" : "tries"} left.
            </p>
          )}
          <form action={submitClaimCode} className="space-y-4">
            <input type="hidden" name="attempt" value={attempt} />
            <TextField
              label="Code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              inputClassName="block w-full rounded-md border border-slate-300 px-3 py-3 text-center font-mono text-2xl tracking-widest"
            />
            <button type="submit" className={button}>
              Claim the account
            </button>
          </form>
        </>
      );
  }
}
