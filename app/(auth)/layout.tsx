export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center text-sm font-semibold tracking-wide text-slate-500">CO-SIGN</p>
      {children}
    </main>
  );
}
