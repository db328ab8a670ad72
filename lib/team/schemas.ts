import { z } from "zod";
import { id, isoTimestamp } from "@/lib/api/schemas";

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

/** GET /team (contract §6): the owner is null until a human claims the account. */
export const teamResource = z.object({
  organization: z.object({ id, name: z.string(), ownerUserId: id.nullable(), ownerName: z.string().nullable() }),
  members: z.array(
    z.object({
      userId: id,
      role: z.enum(["OWNER", "MEMBER"]),
      name: z.string(),
      email: z.string(),
      joinedAt: isoTimestamp,
    }),
  ),
  invites: z.array(z.object({ id, email: z.string(), createdAt: isoTimestamp, expiresAt: isoTimestamp })),
});
export const teamResponse = z.object({ team: teamResource });
/** POST /team/invites. */
export const inviteResponse = z.object({
  ok: z.literal(true),
  status: z.enum(INVITE_STATUSES),
  email: z.string(),
  team: teamResource,
  emailSent: z
    .boolean()
    .meta({ description: "Whether the invitation (or joined) email went out; false when mail is off." }),
});
