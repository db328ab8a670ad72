import "server-only";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

/** The human's sessions that still open pages: not ended, not past their lifetime. Most recently used first. */
export async function listActiveSessions(humanId: string) {
  const client = await db();
  return client.humanSession.findMany({
    where: { humanId, revokedAt: null, expiresAt: { gt: now() } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, ipPrefix: true },
  });
}
