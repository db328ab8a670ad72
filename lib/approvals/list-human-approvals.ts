import "server-only";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { db } from "@/lib/db";

/** The human's inbox across every account they belong to: pending (soonest to expire first), then history. */
export async function listHumanApprovals(humanId: string) {
  const client = await db();
  const memberships = await client.membership.findMany({ where: { humanId }, select: { accountId: true } });
  const accountIds = memberships.map((m) => m.accountId);
  for (const accountId of accountIds) await expireDueApprovals({ accountId });

  const include = {
    account: { select: { name: true } },
    milestone: { select: { name: true, milestoneNumber: true } },
    contract: { select: { title: true, freelancer: { select: { displayName: true } } } },
  } as const;
  const [pending, history] = await Promise.all([
    client.approval.findMany({
      where: { accountId: { in: accountIds }, status: "pending" },
      include,
      orderBy: { expiresAt: "asc" },
      take: 100,
    }),
    client.approval.findMany({
      where: { accountId: { in: accountIds }, status: { not: "pending" } },
      include,
      orderBy: [{ resolvedAt: "desc" }, { createdAt: "desc" }],
      take: 50,
    }),
  ]);
  return { pending, history };
}
