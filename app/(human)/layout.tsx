import Link from "next/link";
import { auth, signOut } from "@/lib/auth/auth";

export default async function HumanLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/sign-in" });
  }
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 text-sm">
          <Link href="/approvals" className="font-semibold tracking-wide">
            CO-SIGN
          </Link>
          <Link href="/approvals" className="text-slate-700 hover:underline">
            Approvals
          </Link>
          <Link href="/billing" className="text-slate-700 hover:underline">
            Money
          </Link>
          <Link href="/settings" className="text-slate-700 hover:underline">
            Settings
          </Link>
          {session?.user && (
            <form action={signOutAction} className="ml-auto flex items-center gap-3">
              <span className="hidden text-slate-500 sm:inline" data-testid="signed-in-as">
                {session.user.email}
              </span>
              <button
                type="submit"
                className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
              >
                Sign out
              </button>
            </form>
          )}
        </nav>
      </header>
      <main className="mx-auto max-w-3xl px-4 py-6">{children}</main>
    </div>
  );
}
