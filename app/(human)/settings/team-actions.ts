"use server";
import { redirect } from "next/navigation";
import { isAccountManager } from "@/lib/accounts/account-access";
import { requireHuman } from "@/lib/auth/require-human";
import { formArgument, formText, idArgument } from "@/lib/http/action-input";
import { inviteMember } from "@/lib/team/invite-member";
import { inviteEmail } from "@/lib/team/schemas";
import { withdrawInvite } from "@/lib/team/withdraw-invite";

/** "Invite" on /settings: the same service as POST /team/invites; only an owner of the account may invite. */
export async function inviteMemberAction(value: unknown) {
  const human = await requireHuman("/settings");
  const form = formArgument(value);
  const accountId = form ? idArgument(formText(form, "accountId")) : null;
  if (!form || !accountId || !(await isAccountManager(human.id, accountId))) redirect("/settings?invite=refused");
  const email = inviteEmail.safeParse(formText(form, "email"));
  if (!email.success) redirect("/settings?invite=invalid");
  const { status, emailSent } = await inviteMember({ accountId, email: email.data });
  // Post/redirect/get: the outcome rides in the query, so the page says it with or without JavaScript.
  redirect(`/settings?invite=${status}${emailSent || status === "already_member" ? "" : "&mail=off"}`);
}

/** "Withdraw" on an open invitation: only an owner of its account; the invitation's email stops working. */
export async function withdrawInviteAction(value: unknown) {
  const human = await requireHuman("/settings");
  const form = formArgument(value);
  const accountId = form ? idArgument(formText(form, "accountId")) : null;
  const inviteId = form ? idArgument(formText(form, "inviteId")) : null;
  if (!form || !accountId || !inviteId || !(await isAccountManager(human.id, accountId)))
    redirect("/settings?invite=refused");
  const isWithdrawn = await withdrawInvite({ accountId, inviteId });
  // Post/redirect/get; an invitation already gone (taken by a sign-up, or withdrawn in another tab) says so.
  redirect(`/settings?invite=${isWithdrawn ? "withdrawn" : "gone"}`);
}
