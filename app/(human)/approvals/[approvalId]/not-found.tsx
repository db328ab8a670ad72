import Link from "next/link";

export default function ApprovalNotFound() {
  return (
    <div className="rounded-xl bg-white p-6 ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold">Approval not found</h1>
      <p className="mt-2 text-slate-700">
        There is no approval at this address that you can see. Check the link, or the account you are signed in with.
      </p>
      <Link href="/approvals" className="mt-4 inline-block font-medium text-blue-700 underline">
        Go to your approvals
      </Link>
    </div>
  );
}
