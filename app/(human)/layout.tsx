// The header lives in the root layout (every page has it); the signed-in pages share this column.
export default function HumanLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-3xl px-4 py-6">
      {children}
    </main>
  );
}
