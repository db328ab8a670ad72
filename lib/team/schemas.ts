import { z } from "zod";

// The team (contract §6 "Tokens and team"). The API body and the settings page's invite form parse with these.
/** How long an invitation stays open. */
export const INVITE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteEmail = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an email address" }).max(254));

/** POST /team/invites body. */
export const inviteMemberBody = z.object({ email: inviteEmail });

export const INVITE_STATUSES = ["invite_created", "member_added", "already_member"] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];
