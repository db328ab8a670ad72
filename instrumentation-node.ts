// The Node.js half of instrumentation.ts: what a server process starts once. Kept in its own module so that the edge
// bundle Next also builds for instrumentation never traces the database drivers (see instrumentation.ts).

/** Where scripts/serve.mjs finds this process's stop (it is plain JavaScript outside Next's bundles). */
const STOP_HOOK = Symbol.for("cosign.stop");

export async function registerNode() {
  // Sign-in throttling counts clients by their socket address, which only this hook can see (lib/auth/client-address.ts).
  const { recordPeerAddresses } = await import("@/lib/auth/client-address");
  await recordPeerAddresses();
  // Whether mail goes out, to a folder, or nowhere is said once at start (production runs without SMTP_URL too).
  const { reportMailMode } = await import("@/lib/mail/send-mail");
  reportMailMode();
  const { env } = await import("@/lib/env");
  if (env().RATE_LIMIT_TOKEN_OFF) console.warn("RATE_LIMIT_TOKEN_OFF=1: API tokens are not rate limited (bench only)");
  // The sweeps and workers, unless BACKGROUND_WORK=off (lib/background/background-work.ts, docs/scaling.md).
  const { startBackgroundWork, stopBackgroundWork } = await import("@/lib/background/background-work");
  const started = startBackgroundWork();
  console.log(started.length > 0 ? `background work: ${started.join(", ")}` : "background work: off");
  // Long polls are served with or without background work: on PostgreSQL the process LISTENs from the start, so
  // the first poll finds the connection up (lib/db/event-wakes.ts).
  const { ensureEventListener, stopEventListener } = await import("@/lib/db");
  void ensureEventListener().catch((error: unknown) => console.error("event listener failed to start:", error));
  const { releaseHeldPolls } = await import("@/lib/events/wait-for-updates");
  (globalThis as unknown as Record<symbol, unknown>)[STOP_HOOK] = async () => {
    // Held polls answer now (empty, same cursor), so their clients poll again — another process, or this one
    // restarted; then the workers finish what they have under way, and the LISTEN connection closes.
    releaseHeldPolls();
    await stopBackgroundWork();
    await stopEventListener();
  };
}
