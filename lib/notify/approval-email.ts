import "server-only";
import { formatWhen, timeLeft } from "@/components/time-left";
import type { ApprovalReview } from "@/lib/approvals/get-approval-review";
import { approvalUrl } from "@/lib/approvals/present-approval";
import type { NoticeKind } from "@/lib/db";
import { escapeHtml } from "@/lib/mail/escape-html";
import type { Mail } from "@/lib/mail/send-mail";
import { formatUsd } from "@/lib/money";

/** The subject line: the action and the money first, short enough for a phone's inbox. */
function headline(review: ApprovalReview): string {
  const amount = formatUsd(review.amountCents);
  const payee = review.payee?.name ?? "the trainer";
  switch (review.approval.type) {
    case "milestone_approve":
      return `Pay ${amount} to ${payee}?`;
    case "milestone_fund":
      return `Put ${amount} in escrow for ${payee}?`;
    case "proposal_hire":
      return `Hire ${payee} for ${amount}?`;
    case "contract_end":
      return `End the contract with ${payee} (${amount} in escrow)?`;
  }
}

/**
 * The email an owner gets when an agent asks for their approval, and the one reminder before it expires. From
 * server data only (the co-sign page's own review, lib/approvals/get-approval-review.ts), in plain words. No secret:
 * the link carries only the approval's id, and opening it does nothing but show the page (a sign-in first) — mail
 * scanners fetch every link. Only the owner's Confirm on that page moves money.
 */
export function approvalEmail(input: {
  to: string;
  kind: NoticeKind;
  review: ApprovalReview;
  baseUrl: string;
  at: Date;
}): Mail {
  const { review, kind, baseUrl, at } = input;
  const link = approvalUrl(baseUrl, review.approval.id);
  const settings = `${baseUrl}/settings`;
  const amount = formatUsd(review.amountCents);
  const payee = review.payee ? `${review.payee.name} (AI trainer, ${review.payee.country})` : "—";
  const expires = `${formatWhen(review.approval.expiresAt)} (${timeLeft(review.approval.expiresAt, at)})`;
  const isReminder = kind === "REMINDER";
  const opening = isReminder
    ? `Reminder: an AI agent's request on ${review.accountName} is still waiting for you. If nobody confirms it by ${formatWhen(review.approval.expiresAt)}, it expires and nothing moves.`
    : `An AI agent asks for your approval on ${review.accountName}. No money moves unless you confirm.`;
  const facts: [string, string][] = [
    ["What", review.summary],
    ["Amount", amount],
    ["Payee", payee],
    ["Expires", expires],
  ];
  const why = `You get this because you own ${review.accountName} on Co-sign. To stop these emails, change your email settings: ${settings}`;

  const text = [
    opening,
    "",
    ...facts.map(([label, value]) => `${label}: ${value}`),
    "",
    "Open this page to check it and confirm or decline (you sign in first):",
    link,
    "",
    "Opening the link changes nothing by itself.",
    "",
    why,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;font-size:16px;max-width:36rem">
<p>${escapeHtml(opening)}</p>
<table role="presentation" style="border-collapse:collapse">
${facts.map(([label, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0;vertical-align:top">${label}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`).join("\n")}
</table>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:12px 18px;background:#0f172a;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">Review and decide</a></p>
<p style="font-size:14px">Or copy this link: ${escapeHtml(link)}<br>Opening the link changes nothing by itself; you sign in first.</p>
<p style="font-size:13px;color:#475569">You get this because you own ${escapeHtml(review.accountName)} on Co-sign. <a href="${escapeHtml(settings)}">Email settings</a></p>
</body></html>`;
  const subject = `${isReminder ? "Reminder: " : "Approval needed: "}${headline(review)}`;
  return { to: input.to, subject, text, html };
}
