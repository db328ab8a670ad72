import Link from "next/link";
import { sameOriginRedirectPath } from "@/lib/http/same-origin-redirect";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account — Co-sign" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = await sameOriginRedirectPath((await searchParams).callbackUrl);
  return (
    <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold">Create an account</h1>
      <div className="mt-6">
        <SignUpForm callbackUrl={callbackUrl} />
      </div>
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have one?{" "}
        <Link
          className="font-medium text-blue-700 underline"
          href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
