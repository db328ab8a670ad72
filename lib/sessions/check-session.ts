import "server-only";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

/** lastSeenAt is written at most this often per session: reading pages must not turn into a write each time. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Whether the session a cookie names is still good: it exists, belongs to that human, was not ended, and is within
 * its absolute lifetime. Called on every auth() (lib/auth/auth.ts's jwt callback), so a revoked or expired
 * session opens nothing from the next request on, in every server process.
 */
export async function checkSession({ sessionId, humanId }: { sessionId: string; humanId: string }): Promise<boolean> {
  const client = await db();
  const at = now();
  const session = await client.humanSession.findUnique({
    where: { id: sessionId },
    select: { humanId: true, expiresAt: true, revokedAt: true, lastSeenAt: true },
  });
  if (!session || session.humanId !== humanId || session.revokedAt || session.expiresAt <= at) return false;
  if (at.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    // Conditional, so concurrent requests of one session write it once; nothing waits on it being written.
    const staleBefore = new Date(at.getTime() - LAST_SEEN_RESOLUTION_MS);
    await client.humanSession.updateMany({
      where: { id: sessionId, lastSeenAt: { lte: staleBefore } },
      data: { lastSeenAt: at },
    });
  }
  return true;
}
