import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cache } from "react";
import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { sameOriginPath } from "@/lib/http/same-origin-redirect";
import { signInHuman } from "@/lib/humans/sign-in-human";
import { checkSession } from "@/lib/sessions/check-session";
import { endSession } from "@/lib/sessions/end-session";
import { SESSION_LIFETIME_SECONDS } from "@/lib/sessions/start-session";

const credentials = z.object({ email: z.email(), password: z.string().min(1).max(200) });

/** Too many attempts for this account or from this client: the sign-in page says how long to wait. */
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
  constructor(readonly retryAfterMs: number) {
    super();
  }
}

// A layout and its page both call auth(): one session check per rendered request is enough (React's per-request
// cache; outside a render, e.g. in a route handler, it checks every time).
const checkSessionOnce = cache((sessionId: string, humanId: string) => checkSession({ sessionId, humanId }));

// Humans sign in with email and password; sessions are JWTs in an httpOnly cookie (the Credentials provider
// requires the JWT strategy). The JWT carries only the human's id and a session id; the session row decides on every
// auth() whether the cookie still opens anything (revocation, absolute lifetime), and everything else is read fresh.
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // The cookie's own lifetime; the absolute limit is the session row's expiresAt, which use never extends.
  session: { strategy: "jwt", maxAge: SESSION_LIFETIME_SECONDS },
  pages: { signIn: "/sign-in" },
  // A wrong password is an expected outcome, not a server error: keep its stack trace out of the logs.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      // `request` carries the original request's headers on both paths in (next-auth's callback route and the
      // signIn() server action), including the socket address instrumentation.ts records.
      async authorize(raw, request) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const result = await signInHuman({
          ...parsed.data,
          address: clientAddress(request.headers),
          userAgent: request.headers.get("user-agent"),
        });
        if (result.outcome === "throttled") throw new SignInThrottled(result.retryAfterMs);
        if (result.outcome !== "signed_in") throw new CredentialsSignin();
        return { id: result.human.id, email: result.human.email, name: result.human.name, sessionId: result.sessionId };
      },
    }),
  ],
  callbacks: {
    // next-auth's own callbackUrl (POST /api/auth/callback/*, /api/auth/signout) goes through the app's one
    // same-origin check too, not next-auth's separate rule. A path, not baseUrl + path: next-auth's baseUrl can name
    // another host than the browser used (localhost for 127.0.0.1), and the session cookie would not follow.
    redirect({ url, baseUrl }) {
      return sameOriginPath(url, baseUrl, { allowAuthPages: true });
    },
    async jwt({ token, user }) {
      if (user?.id && user.sessionId) return { ...token, sub: user.id, sid: user.sessionId };
      // Returning null makes next-auth clear the cookie and answer "no session". A cookie from before sessions
      // existed has no sid: it opens nothing either.
      if (!token.sub || !token.sid) return null;
      return (await checkSessionOnce(token.sid, token.sub)) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (token.sid) session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    // Sign-out (the header's button or next-auth's own route) ends the session on the server, so a copy of the
    // cookie taken before it opens nothing afterwards.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token?.sid && token.sub) await endSession({ sessionId: token.sid, humanId: token.sub });
    },
  },
});
