import "server-only";
import { addressPrefix } from "@/lib/auth/client-address";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";

/** A session's absolute lifetime from sign-in. Using it never extends it; after it the human signs in again. */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 60 * 60;
const USER_AGENT_MAX = 256;

export async function startSession({
  humanId,
  userAgent,
  address,
}: {
  humanId: string;
  userAgent: string | null;
  address: string;
}) {
  const client = await db();
  const at = now();
  return client.humanSession.create({
    data: {
      id: newId("ses"),
      humanId,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(at.getTime() + SESSION_LIFETIME_SECONDS * 1000),
      userAgent: (userAgent ?? "").slice(0, USER_AGENT_MAX),
      ipPrefix: addressPrefix(address),
    },
    select: { id: true, expiresAt: true },
  });
}
