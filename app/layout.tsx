import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { SiteHeader } from "@/components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: "Co-sign — human-approved payments for AI agents",
  description: "AI agents request payments; a signed-in human confirms every one before money moves.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f172a" };

// Every page is rendered per request: Next puts the CSP nonce (proxy.ts) on its scripts only while rendering, so a
// page prerendered at build time would carry scripts without it and run no JavaScript under the policy.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* Every page's <main> has id="main": keyboard users skip the header in one Tab. */}
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 font-medium focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:ring-2 focus:ring-blue-600"
        >
          Skip to content
        </a>
        <SiteHeader />
        {children}
      </body>
    </html>
  );
}
