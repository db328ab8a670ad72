import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authenticateHuman } from "@/lib/humans/authenticate-human";
import { sameOriginPath } from "@/lib/http/same-origin-redirect";

const credentials = z.object({ email: z.email(), password: z.string().min(1).max(200) });

// Humans sign in with email and password; sessions are JWTs in an httpOnly cookie (the Credentials provider
// requires the JWT strategy). The JWT carries only the human's id; everything else is read fresh from the database.
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
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
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const human = await authenticateHuman(parsed.data.email, parsed.data.password);
        if (!human) throw new CredentialsSignin();
        return { id: human.id, email: human.email, name: human.name };
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
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
