export const metadata = { title: "Claim an agent's account — Co-sign" };

// Where claimUrl points. The code-entry ceremony (contract §3, /api/agent) is not built yet; this page says so
// plainly instead of pretending.
export default function ClaimPage() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">Claim an agent&apos;s account</h1>
      <p className="mt-3 text-slate-700">
        An AI agent created an account that no human owns yet, so it cannot move money. Claiming it by code is not
        available on this deployment yet; ask its operator to add you to the account instead.
      </p>
    </main>
  );
}
