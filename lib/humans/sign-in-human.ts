import "server-only";
import { inClientLine, recordSignInSuccess, reserveSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { authenticateHuman } from "@/lib/humans/authenticate-human";
import { startSession } from "@/lib/sessions/start-session";

export type SignInOutcome =
  | { outcome: "signed_in"; human: { id: string; email: string; name: string }; sessionId: string }
  | { outcome: "wrong_credentials" }
  | { outcome: "throttled"; retryAfterMs: number };

/**
 * Email + password → a new server-side session. The throttle is asked first: a throttled attempt costs a couple of
 * indexed writes, never a password hash (lib/auth/sign-in-throttle.ts).
 */
export async function signInHuman(input: { email: string; password: string; address: string; userAgent: string | null }): Promise<SignInOutcome> {
  const reservation = await reserveSignInAttempt(input);
  if (!reservation.isAllowed) return { outcome: "throttled", retryAfterMs: reservation.retryAfterMs };
  const human = await inClientLine(input.address, () => authenticateHuman(input.email, input.password));
  if (!human) return { outcome: "wrong_credentials" };
  await recordSignInSuccess(reservation.attempt);
  const session = await startSession({ humanId: human.id, userAgent: input.userAgent, address: input.address });
  return { outcome: "signed_in", human: { id: human.id, email: human.email, name: human.name }, sessionId: session.id };
}
