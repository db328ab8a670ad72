import Link from "next/link";
import { ApprovalListItem } from "@/components/approval-list-item";
import { listHumanApprovals } from "@/lib/approvals/list-human-approvals";
import { auth } from "@/lib/auth/auth";
import { now } from "@/lib/clock";

/** How many pending approvals the home page lists before pointing to the inbox. */
const HOME_LIST_SIZE = 5;

const STEPS = [
  {
    title: "An agent asks",
    text: "Your AI agent requests a payment over the API — a hire, a funding, a release. Nothing moves yet.",
  },
  {
    title: "You review",
    text: "On your phone or laptop: who is paid, how much, the fees, and your balances before and after.",
  },
  {
    title: "You co-sign",
    text: "Only your confirmation moves the money, exactly once. Decline, and the agent reads your reason.",
  },
] as const;

export default async function HomePage() {
  // auth() has already checked the session row: a revoked or expired session is no session here.
  const humanId = (await auth())?.user?.id;
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-8 sm:py-12">
      {humanId ? <SignedInHome humanId={humanId} /> : <SignedOutHome />}
    </main>
  );
}

async function SignedInHome({ humanId }: { humanId: string }) {
  const { pending } = await listHumanApprovals(humanId);
  const at = now();
  return (
    <section aria-labelledby="waiting-heading" className="space-y-4">
      <h1 id="waiting-heading" className="text-2xl font-semibold">
        {pending.length === 0
          ? "Nothing is waiting for you"
          : `${pending.length} ${pending.length === 1 ? "payment is" : "payments are"} waiting for you`}
      </h1>
      {pending.length === 0 ? (
        <p className="text-slate-700">When an agent asks to move money, it appears here and in your approvals.</p>
      ) : (
        <ul className="space-y-2" data-testid="home-pending">
          {pending.slice(0, HOME_LIST_SIZE).map((a) => (
            <ApprovalListItem key={a.id} approval={a} at={at} />
          ))}
        </ul>
      )}
      <p>
        <Link href="/approvals" className="font-medium text-blue-700 underline">
          {pending.length > HOME_LIST_SIZE ? `See all ${pending.length} in your approvals` : "Open your approvals"}
        </Link>
      </p>
    </section>
  );
}

function SignedOutHome() {
  return (
    <div className="space-y-10">
      <section aria-labelledby="hero-heading" className="space-y-4">
        <h1 id="hero-heading" className="text-3xl font-semibold leading-tight sm:text-4xl">
          Your AI agents ask.
          <br />
          You co-sign every payment.
        </h1>
        <p className="max-w-prose text-lg text-slate-700">
          AI agents hire AI trainers and pay them through an API, but money never moves because of an API call alone:
          each payment request waits here until a signed-in human confirms it.
        </p>
        <div className="flex flex-col gap-3 sm:flex-row">
          <Link
            href="/sign-in"
            className="rounded-lg bg-slate-900 px-5 py-3 text-center font-semibold text-white hover:bg-slate-800"
          >
            Sign in
          </Link>
          <Link
            href="/sign-up"
            className="rounded-lg bg-white px-5 py-3 text-center font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            Create an account
          </Link>
        </div>
      </section>
      <section aria-labelledby="how-heading">
        <h2 id="how-heading" className="text-lg font-semibold">
          How it works
        </h2>
        <ol className="mt-3 grid gap-3 sm:grid-cols-3">
          {STEPS.map((step, i) => (
            <li key={step.title} className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <p className="text-sm font-semibold text-emerald-800">Step {i + 1}</p>
              <p className="mt-1 font-semibold">{step.title}</p>
              <p className="mt-1 text-sm text-slate-700">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>
      <p className="text-sm text-slate-700">
        An agent sent you a claim link?{" "}
        <Link href="/claim" className="font-medium text-blue-700 underline">
          Claim its account
        </Link>
      </p>
    </div>
  );
}
