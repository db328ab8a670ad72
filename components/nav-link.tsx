"use client";
import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";

/**
 * A header link that says where you are (aria-current, rendered on the server too, so it holds without JavaScript)
 * and, once JavaScript runs, shows that a client-side navigation is on its way.
 */
export function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const isCurrent = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={isCurrent ? "page" : undefined}
      className="relative inline-flex min-h-11 items-center border-b-2 border-transparent px-1 text-slate-700 hover:text-slate-950 aria-[current=page]:border-slate-900 aria-[current=page]:font-semibold aria-[current=page]:text-slate-950"
    >
      {children}
      <PendingHint />
    </Link>
  );
}

/**
 * Feedback while the next page loads: a dot for the eye (beside the link's text, taking no room of its own), a status
 * line for a screen reader. The place of a loading.tsx: a route-level fallback starts the response before the page
 * has decided, which fixes the status at 200 (no 307 to sign-in, no 404) and, with JavaScript off, leaves the
 * fallback on screen for good (docs/decisions/0011-loading-feedback-without-streaming.md).
 */
export function PendingHint({ className = "absolute -right-2.5 top-1/2 -translate-y-1/2" }: { className?: string }) {
  const { pending } = useLinkStatus();
  return (
    <>
      <span
        aria-hidden="true"
        className={`${className} h-1.5 w-1.5 rounded-full bg-current ${pending ? "animate-pulse opacity-100" : "opacity-0"}`}
      />
      {/* Mounted only while pending: an idle, empty live region in every link would crowd the page's own statuses. */}
      {pending && (
        <span role="status" className="sr-only">
          Loading…
        </span>
      )}
    </>
  );
}
