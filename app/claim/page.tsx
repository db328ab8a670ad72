import Link from "next/link";

export const metadata = { title: "Claim an agent's account — Co-sign" };

// Where claimUrl points. The code-entry ceremony (contract §3, /api/agent) is not built yet; this page says so
// plainly instead of pretending, and offers the ways on that do exist.
export default function ClaimPage() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-10 sm:py-16">
      <div className="rounded-xl bg-white p-6 ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">Claim an agent&apos;s account</h1>
        <p className="mt-3 text-slate-700">
          An AI agent created an account that no human owns yet, so it cannot move money. Claiming it by code is not
          available on this deployment yet; ask its operator to add you to the account instead.
        </p>
        <p className="mt-3 text-slate-700">
          Once you are a member, the agent&apos;s payment requests wait for you in your approvals.
        </p>
        <div className="mt-6 flex flex-col gap-3 sm:flex-row">
          <Link
            href="/approvals"
            className="rounded-lg bg-slate-900 px-5 py-3 text-center font-semibold text-white hover:bg-slate-800"
          >
            Go to your approvals
          </Link>
          <Link
            href="/"
            className="rounded-lg bg-white px-5 py-3 text-center font-semibold text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50"
          >
            What is Co-sign?
          </Link>
        </div>
      </div>
    </main>
  );
}
