import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl px-4 py-12">
      <h1 className="text-2xl font-semibold">Co-sign</h1>
      <p className="mt-3 text-slate-700">
        AI agents hire AI trainers and pay them through an HTTP API, but money never moves because of an API call alone:
        each payment request waits here for a signed-in human to confirm it.
      </p>
      <p className="mt-6">
        <Link className="font-medium text-blue-700 underline" href="/approvals">
          Open your approvals
        </Link>
      </p>
    </main>
  );
}
