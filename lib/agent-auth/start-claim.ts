import "server-only";
import type { z } from "zod";
import { ATTEMPT_LIFETIME_SECONDS, POLL_INTERVAL_SECONDS } from "@/lib/agent-auth/claim-terms";
import { assertWithinClaimEmailLimit } from "@/lib/agent-auth/agent-rate-limit";
import { codeHashInput, mintCeremonyToken, newUserCode } from "@/lib/agent-auth/ceremony-tokens";
import { findRegistrationByClaimToken } from "@/lib/agent-auth/find-registration";
import { OAuthError } from "@/lib/agent-auth/oauth-error";
import type { startClaimInput } from "@/lib/agent-auth/schemas";
import { configuredBaseUrl } from "@/lib/api/base-url";
import { hashTokenSecret } from "@/lib/auth/api-tokens";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { claimEmail } from "@/lib/mail/claim-email";
import { sendMail } from "@/lib/mail/send-mail";

/** The claim page for one attempt: the link in the email and verification_uri. */
export const claimPageUrl = (baseUrl: string, attemptToken: string) =>
  `${baseUrl}/claim?attempt=${encodeURIComponent(attemptToken)}`;

/**
 * POST /api/agent/identity/claim: starts (or restarts) the ceremony with a fresh code and link, replacing any earlier
 * attempt (its link and code stop working), and emails the link. Mail failing never fails the request.
 * verification_uri is on `baseUrl`, the origin this agent called; the email's link is on the configured origin
 * (configuredBaseUrl), never on the request's Host header — an agent chooses that, and a link in an email from us
 * must not lead anywhere an agent picked. Without one (production without APP_URL) no email goes out.
 */
export async function startClaim(input: z.infer<typeof startClaimInput>, baseUrl: string) {
  const registration = await findRegistrationByClaimToken(input.claim_token);
  if (!registration) throw new OAuthError("invalid_request", "Unknown or malformed claim_token.");
  const at = now();
  if (registration.status !== "PENDING") throw new OAuthError("invalid_request", "This account is already claimed.");
  if (registration.claimExpiresAt <= at)
    throw new OAuthError("invalid_request", "The claim window is over: register again.");
  // Before anything changes: a refused restart leaves the current code and link working.
  await assertWithinClaimEmailLimit(input.email);

  const attempt = mintCeremonyToken("cat");
  const userCode = newUserCode();
  const client = await db();
  // Conditional on PENDING: a claim completed in between is not reopened by a late restart.
  const { count } = await client.agentRegistration.updateMany({
    where: { id: registration.id, status: "PENDING" },
    data: {
      email: input.email,
      attemptPublicId: attempt.publicId,
      attemptSecretHash: attempt.secretHash,
      userCodeHash: hashTokenSecret(codeHashInput(attempt.publicId, userCode)),
      attemptExpiresAt: new Date(at.getTime() + ATTEMPT_LIFETIME_SECONDS * 1000),
      codeTries: 0,
    },
  });
  if (count === 0) throw new OAuthError("invalid_request", "This account is already claimed.");

  const verificationUri = claimPageUrl(baseUrl, attempt.token);
  const mailBaseUrl = configuredBaseUrl();
  const isEmailSent =
    mailBaseUrl !== null &&
    (await sendMail(
      claimEmail({
        to: input.email,
        link: claimPageUrl(mailBaseUrl, attempt.token),
        minutes: ATTEMPT_LIFETIME_SECONDS / 60,
      }),
    ));
  return {
    user_code: userCode,
    verification_uri: verificationUri,
    expires_in: ATTEMPT_LIFETIME_SECONDS,
    interval: POLL_INTERVAL_SECONDS,
    email_sent: isEmailSent,
  };
}
