import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { sameOriginRedirectPath } from "@/lib/http/same-origin-redirect";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in — Co-sign" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = await sameOriginRedirectPath((await searchParams).callbackUrl);
  if ((await auth())?.user?.id) redirect(callbackUrl);
  return (
    <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">An agent is waiting for a human to review a payment.</p>
      <div className="mt-6">
        <SignInForm callbackUrl={callbackUrl} />
      </div>
      <p className="mt-6 text-center text-sm text-slate-600">
        New here?{" "}
        <Link
          className="font-medium text-blue-700 underline"
          href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
