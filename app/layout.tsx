import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: "Co-sign — human-approved payments for AI agents",
  description: "AI agents request payments; a signed-in human confirms every one before money moves.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page is rendered per request: Next puts the CSP nonce (proxy.ts) on its scripts only while rendering, so a
// page prerendered at build time would carry scripts without it and run no JavaScript under the policy.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
