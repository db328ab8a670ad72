import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";
import { db } from "@/lib/db";
import { sameOriginRedirectPath } from "@/lib/http/same-origin-redirect";

/**
 * The signed-in human and the id of the session they are on, or a redirect to sign-in that comes straight back to
 * `returnTo`. auth() has already checked the session row (revoked or past its lifetime → no session).
 */
export async function requireHuman(returnTo: string) {
  const session = await auth();
  const humanId = session?.user?.id;
  const sessionId = session?.sessionId;
  const client = await db();
  const human =
    humanId && sessionId
      ? await client.human.findUnique({ where: { id: humanId }, select: { id: true, name: true, email: true } })
      : null;
  if (!human || !sessionId)
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(await sameOriginRedirectPath(returnTo))}`);
  return { ...human, sessionId };
}
