import "server-only";
import { findRegistrationByAttemptToken } from "@/lib/agent-auth/find-registration";
import { auth } from "@/lib/auth/auth";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";

export type ClaimView =
  | { state: "no_attempt" }
  /** Unknown or replaced link, code expired, tries used up, or the claim window closed: the agent must restart. */
  | { state: "restart" }
  | { state: "claimed_by_you" }
  | { state: "claimed" }
  | { state: "sign_in"; email: string }
  | { state: "other_human"; email: string; signedInAs: string }
  | { state: "enter_code"; email: string; triesLeft: number };

/** What the claim page shows for a link's attempt token and whoever is signed in. Reads only: GET changes nothing. */
export async function getClaimView(attemptToken: string | undefined, maxTries: number): Promise<ClaimView> {
  if (!attemptToken) return { state: "no_attempt" };
  const registration = await findRegistrationByAttemptToken(attemptToken);
  if (!registration || !registration.email) return { state: "restart" };
  const session = await auth();
  const humanId = session?.user?.id;
  if (registration.status !== "PENDING")
    return registration.claimedByHumanId && registration.claimedByHumanId === humanId
      ? { state: "claimed_by_you" }
      : { state: "claimed" };
  const at = now();
  const isOver =
    (registration.attemptExpiresAt && registration.attemptExpiresAt <= at) ||
    registration.claimExpiresAt <= at ||
    registration.codeTries >= maxTries;
  if (isOver) return { state: "restart" };
  const client = await db();
  const human = humanId ? await client.human.findUnique({ where: { id: humanId }, select: { email: true } }) : null;
  if (!human) return { state: "sign_in", email: registration.email };
  if (human.email.toLowerCase() !== registration.email)
    return { state: "other_human", email: registration.email, signedInAs: human.email };
  return { state: "enter_code", email: registration.email, triesLeft: maxTries - registration.codeTries };
}
