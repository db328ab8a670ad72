import "server-only";
import { notFound } from "@/lib/api/errors";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

/**
 * The account's team: its owner, its members (owners first, then by joining) and its open invitations. The
 * agent API and the settings page both read it here.
 */
export async function getTeam({ accountId }: { accountId: string }) {
  const client = await db();
  const account = await client.account.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      name: true,
      memberships: {
        orderBy: [{ createdAt: "asc" }, { humanId: "asc" }],
        select: { role: true, createdAt: true, human: { select: { id: true, name: true, email: true } } },
      },
      teamInvites: {
        where: { expiresAt: { gt: now() } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, email: true, createdAt: true, expiresAt: true },
      },
    },
  });
  if (!account) throw notFound("accounts", "organizationId", accountId);
  // An unclaimed account has no owner yet: both fields are null until a human claims it.
  const owner = account.memberships.find((m) => m.role === "OWNER");
  return {
    organization: {
      id: account.id,
      name: account.name,
      ownerUserId: owner?.human.id ?? null,
      ownerName: owner?.human.name ?? null,
    },
    // Owners first in JS: an enum sorts by its declared order on PostgreSQL but as text on SQLite.
    members: [...account.memberships]
      .sort((a, b) => Number(b.role === "OWNER") - Number(a.role === "OWNER"))
      .map((m) => ({
        userId: m.human.id,
        role: m.role,
        name: m.human.name,
        email: m.human.email,
        joinedAt: m.createdAt.toISOString(),
      })),
    invites: account.teamInvites.map((invite) => ({
      id: invite.id,
      email: invite.email,
      createdAt: invite.createdAt.toISOString(),
      expiresAt: invite.expiresAt.toISOString(),
    })),
  };
}

export type Team = Awaited<ReturnType<typeof getTeam>>;
