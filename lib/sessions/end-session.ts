import "server-only";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

/**
 * Ends one of the human's sessions (sign-out, or "End" on /settings). Scoped to the human: another human's session
 * id ends nothing. A conditional write, so ending twice keeps the first time. Returns whether it ended one now.
 */
export async function endSession({ sessionId, humanId }: { sessionId: string; humanId: string }): Promise<boolean> {
  const client = await db();
  const { count } = await client.humanSession.updateMany({
    where: { id: sessionId, humanId, revokedAt: null },
    data: { revokedAt: now() },
  });
  return count > 0;
}
