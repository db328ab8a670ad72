export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-sm px-4 py-10 sm:py-16">
      {children}
    </main>
  );
}
