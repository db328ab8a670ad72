import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing at this address. Check the link you followed.</p>
      <ul className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <Link href="/" className="font-medium text-blue-700 underline">
            Go to the home page
          </Link>
        </li>
        <li>
          <Link href="/approvals" className="font-medium text-blue-700 underline">
            Go to your approvals
          </Link>
        </li>
      </ul>
    </main>
  );
}
