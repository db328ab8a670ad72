import { afterEach, beforeEach, expect, inject, it } from "vitest";
import { resetClock, setClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { signInHuman } from "@/lib/humans/sign-in-human";
import { checkSession } from "@/lib/sessions/check-session";
import { endSession } from "@/lib/sessions/end-session";
import { listActiveSessions } from "@/lib/sessions/list-sessions";

// Server-side sessions: what every auth() asks (checkSession), sign-out and /settings (endSession), the list.
// The browser-level proofs (an old cookie opens nothing) are e2e/ui/sessions.spec.ts.
const { humans } = inject("fixtures");
const [acme, globex] = humans;
const DAY = 24 * 60 * 60 * 1000;

let t = Date.parse("2032-03-01T08:00:00Z");
beforeEach(async () => {
  // Past any sign-in block an earlier test left (blocks last at most a day).
  t += 2 * DAY;
  setClock(() => new Date(t));
  await (await db()).rateLimit.deleteMany({});
});
afterEach(() => resetClock());

async function signIn(
  human: { email: string; password: string },
  userAgent: string | null = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
  address = "198.51.100.23",
) {
  const result = await signInHuman({ email: human.email, password: human.password, address, userAgent });
  if (result.outcome !== "signed_in") throw new Error(`not signed in: ${result.outcome}`);
  return { sessionId: result.sessionId, humanId: result.human.id };
}

it("a sign-in starts a session: user agent truncated, only the network kept, 7 days from now", async () => {
  const { sessionId, humanId } = await signIn(acme, "A".repeat(1000), "2001:db8:aa:bb:cc::1");
  const row = await (await db()).humanSession.findUniqueOrThrow({ where: { id: sessionId } });
  expect(sessionId).toMatch(/^ses_[0-9A-Za-z]{20}$/);
  expect(row).toEqual({
    id: sessionId,
    humanId,
    createdAt: new Date(t),
    lastSeenAt: new Date(t),
    expiresAt: new Date(t + 7 * DAY),
    revokedAt: null,
    userAgent: "A".repeat(256),
    ipPrefix: "2001:db8:aa::/48",
  });
  expect(await checkSession({ sessionId, humanId })).toBe(true);
});

it("absolute lifetime: used every day, it still ends 7 days after sign-in", async () => {
  const session = await signIn(acme);
  const start = t;
  for (let day = 1; day < 7; day++) {
    setClock(() => new Date(start + day * DAY));
    expect(await checkSession(session)).toBe(true);
  }
  setClock(() => new Date(start + 7 * DAY - 1));
  expect(await checkSession(session)).toBe(true);
  setClock(() => new Date(start + 7 * DAY));
  expect(await checkSession(session)).toBe(false);
  expect(await listActiveSessions(session.humanId)).toEqual([]);
});

it("ended sessions open nothing; only their own human can end them", async () => {
  const mine = await signIn(acme);
  const other = await signIn(acme, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1");
  const theirs = await signIn(globex);
  expect(await endSession({ sessionId: mine.sessionId, humanId: theirs.humanId })).toBe(false);
  expect(await checkSession(mine)).toBe(true);
  expect(await endSession({ sessionId: mine.sessionId, humanId: mine.humanId })).toBe(true);
  expect(await endSession({ sessionId: mine.sessionId, humanId: mine.humanId })).toBe(false);
  expect(await checkSession(mine)).toBe(false);
  expect(await checkSession(other)).toBe(true);
  // A session id presented with another human's id (a forged pairing) is not that human's session.
  expect(await checkSession({ sessionId: other.sessionId, humanId: theirs.humanId })).toBe(false);
  expect(await checkSession({ sessionId: "ses_doesNotExist00000000", humanId: mine.humanId })).toBe(false);
  expect((await listActiveSessions(mine.humanId)).map((s) => s.id)).toContain(other.sessionId);
  expect((await listActiveSessions(mine.humanId)).map((s) => s.id)).not.toContain(mine.sessionId);
});

it("lastSeenAt is written at most once a minute per session", async () => {
  const session = await signIn(globex);
  const start = t;
  const lastSeen = async () =>
    (await (await db()).humanSession.findUniqueOrThrow({ where: { id: session.sessionId } })).lastSeenAt.getTime();
  setClock(() => new Date(start + 59_999));
  expect(await checkSession(session)).toBe(true);
  expect(await lastSeen()).toBe(start);
  setClock(() => new Date(start + 60_000));
  await Promise.all([checkSession(session), checkSession(session), checkSession(session)]);
  expect(await lastSeen()).toBe(start + 60_000);
  setClock(() => new Date(start + 90_000));
  expect(await checkSession(session)).toBe(true);
  expect(await lastSeen()).toBe(start + 60_000);
  const listed = await listActiveSessions(session.humanId);
  expect(listed[0]).toMatchObject({ id: session.sessionId, lastSeenAt: new Date(start + 60_000) });
});
