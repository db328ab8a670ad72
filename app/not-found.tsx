import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing at this address.</p>
      <Link href="/approvals" className="mt-4 inline-block font-medium text-blue-700 underline">
        Go to your approvals
      </Link>
    </main>
  );
}
