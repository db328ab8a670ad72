import "server-only";
import { escapeHtml } from "@/lib/mail/escape-html";
import type { Mail } from "@/lib/mail/send-mail";

/**
 * The email an owner's invitation sends. Its link only opens a page (sign-up for a new address, the app for a human
 * who was added at once): nothing happens on GET, so a mail scanner following it joins no one. The membership comes
 * from signing up with this address while the invitation is open (lib/team/accept-invites.ts).
 */
export function teamInviteEmail(input: {
  to: string;
  accountName: string;
  link: string;
  days: number;
  isMemberAlready: boolean;
}): Mail {
  const { to, accountName, link, days } = input;
  const lines = input.isMemberAlready
    ? [`You are now a member of ${accountName} on Co-sign.`, "", "Sign in to see what its agents ask for:", link]
    : [
        `You are invited to join ${accountName} on Co-sign as a member.`,
        "",
        `Create an account with this email address (${to}) within ${days} days and you join it:`,
        link,
        "",
        "If you did not expect this, ignore this email: nothing happens unless someone signs up as you.",
      ];
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
${lines
  .filter((line) => line !== "")
  .map((line) =>
    line === link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` : `<p>${escapeHtml(line)}</p>`,
  )
  .join("\n")}
</body></html>`;
  return {
    to,
    subject: input.isMemberAlready ? `You joined ${accountName} on Co-sign` : `Join ${accountName} on Co-sign`,
    text: lines.join("\n"),
    html,
  };
}
