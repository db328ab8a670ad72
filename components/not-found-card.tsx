import Link from "next/link";

/**
 * What a page shows for an id that is missing or not the human's: the same words for both, so the page never
 * tells whether something exists on another account.
 */
export function NotFoundCard({ thing, href, linkText }: { thing: string; href: string; linkText: string }) {
  return (
    <div className="rounded-xl bg-white p-6 ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold">{thing.charAt(0).toUpperCase() + thing.slice(1)} not found</h1>
      <p className="mt-2 text-slate-700">
        There is no {thing} at this address that you can see. Check the link, or the account you are signed in with.
      </p>
      <Link href={href} className="mt-4 inline-block font-medium text-blue-700 underline">
        {linkText}
      </Link>
    </div>
  );
}
