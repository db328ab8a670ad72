import "server-only";
import { escapeHtml } from "@/lib/mail/escape-html";
import type { Mail } from "@/lib/mail/send-mail";

/**
 * The claim email. Its link only opens the claim page: nothing happens on GET (a mail scanner that follows every
 * link claims nothing); the human signs in and types the code, which is a POST. The code is not in the email: the
 * agent shows it to its human, so the inbox alone is not enough to claim.
 */
export function claimEmail({ to, link, minutes }: { to: string; link: string; minutes: number }): Mail {
  const text = [
    "An AI agent asked for you to own the Co-sign account it created.",
    "",
    `Open this page, sign in or sign up as ${to}, and type the 6-digit code your agent shows you:`,
    link,
    "",
    `The link and code stop working in ${minutes} minutes. If you did not expect this, ignore this email: nothing`,
    "happens unless someone signs in as you and types the code.",
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>An AI agent asked for you to own the Co-sign account it created.</p>
<p>Open this page, sign in or sign up as <strong>${escapeHtml(to)}</strong>, and type the 6-digit code your agent shows you:</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p>The link and code stop working in ${minutes} minutes. If you did not expect this, ignore this email: nothing happens
unless someone signs in as you and types the code.</p>
</body></html>`;
  return { to, subject: "Claim your agent's Co-sign account", text, html };
}
