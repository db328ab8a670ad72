import "server-only";
import { notFound } from "@/lib/api/errors";
import { db } from "@/lib/db";

/** A milestone on a contract of this account, or 404 — another account's milestone reads exactly like a missing one. */
export async function getMilestoneOrThrow(accountId: string, milestoneId: string) {
  const client = await db();
  const milestone = await client.milestone.findFirst({
    where: { id: milestoneId, contract: { accountId } },
    include: { contract: true },
  });
  if (!milestone) throw notFound("milestones", "milestoneId", milestoneId);
  return milestone;
}
