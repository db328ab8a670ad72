import "server-only";
import { inClientLine, recordSignInSuccess, reserveSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { authenticateHuman } from "@/lib/humans/authenticate-human";
import { startSession } from "@/lib/sessions/start-session";

export type SignInOutcome =
  | { outcome: "signed_in"; human: { id: string; email: string; name: string }; sessionId: string }
  | { outcome: "wrong_credentials" }
  | { outcome: "throttled"; retryAfterMs: number };

/**
 * Email + password → a new server-side session. The throttle is asked first: a throttled attempt costs at most a
 * couple of indexed writes (none once its block is known), never a password hash (lib/auth/sign-in-throttle.ts).
 */
export async function signInHuman(input: {
  email: string;
  password: string;
  address: string;
  userAgent: string | null;
}): Promise<SignInOutcome> {
  // One client's attempts are taken one at a time (its count, then its hash): a burst of them at once would otherwise
  // write a count each before the first block is known, and hash several at once; others never wait in this line.
  const checked = await inClientLine(input.address, async () => {
    const reservation = await reserveSignInAttempt(input);
    if (!reservation.isAllowed) return reservation;
    return { ...reservation, human: await authenticateHuman(input.email, input.password) };
  });
  if (!checked.isAllowed) return { outcome: "throttled", retryAfterMs: checked.retryAfterMs };
  const { human, attempt } = checked;
  if (!human) return { outcome: "wrong_credentials" };
  await recordSignInSuccess(attempt);
  const session = await startSession({ humanId: human.id, userAgent: input.userAgent, address: input.address });
  return { outcome: "signed_in", human: { id: human.id, email: human.email, name: human.name }, sessionId: session.id };
}
