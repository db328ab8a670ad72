import Link from "next/link";
import { auth, signOut } from "@/lib/auth/auth";
import { NavLink } from "./nav-link";

const NAV = [
  { href: "/approvals", label: "Approvals" },
  { href: "/billing", label: "Money" },
  { href: "/settings", label: "Settings" },
] as const;

/**
 * The header on every page (sign-in, claim and not-found included). On a phone the brand and Sign out share the
 * first row and the three places get a row of their own, so nothing wraps unpredictably at 375 px.
 */
export async function SiteHeader() {
  const user = (await auth())?.user;
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/sign-in" });
  }
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-6 px-4 text-sm">
        <Link href="/" className="flex min-h-12 items-center gap-2 font-semibold tracking-wide text-slate-950">
          <Logo />
          Co-sign
        </Link>
        {user && (
          <nav aria-label="Main" className="order-last -mx-1 w-full sm:order-none sm:mx-0 sm:w-auto">
            <ul className="flex gap-5">
              {NAV.map((item) => (
                <li key={item.href}>
                  <NavLink href={item.href}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {user ? (
          <form action={signOutAction} className="ml-auto flex min-h-12 items-center gap-3">
            <span className="hidden max-w-56 truncate text-slate-600 sm:inline" data-testid="signed-in-as">
              {user.email}
            </span>
            <button
              type="submit"
              className="min-h-9 rounded-md px-3 py-1.5 font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Sign out
            </button>
          </form>
        ) : (
          <div className="ml-auto flex min-h-12 items-center">
            <NavLink href="/sign-in">Sign in</NavLink>
          </div>
        )}
      </div>
    </header>
  );
}

function Logo() {
  return (
    <svg aria-hidden="true" viewBox="0 0 32 32" className="h-6 w-6">
      <rect width="32" height="32" rx="7" fill="#0f172a" />
      <path
        d="M9 16.5l4.5 4.5L23 11.5"
        fill="none"
        stroke="#34d399"
        strokeWidth="3.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
