// The Node.js half of instrumentation.ts: what a server process starts once. Kept in its own module so that the edge
// bundle Next also builds for instrumentation never traces the database drivers (see instrumentation.ts).
export async function registerNode() {
  // Sign-in throttling counts clients by their socket address, which only this hook can see (lib/auth/client-address.ts).
  const { recordPeerAddresses } = await import("@/lib/auth/client-address");
  await recordPeerAddresses();
  // Whether mail goes out, to a folder, or nowhere is said once at start (production runs without SMTP_URL too).
  const { reportMailMode } = await import("@/lib/mail/send-mail");
  reportMailMode();
  const { env } = await import("@/lib/env");
  if (env().RATE_LIMIT_TOKEN_OFF) console.warn("RATE_LIMIT_TOKEN_OFF=1: API tokens are not rate limited (bench only)");
  // Approval emails to owners, from the ApprovalNotice outbox (lib/notify); BACKGROUND_WORK=off leaves them to others.
  if (process.env.BACKGROUND_WORK !== "off") (await import("@/lib/notify/run-notifier")).startNotifier();
  (await import("@/lib/webhooks/start-delivery")).startWebhookDelivery();
  const seconds = Number(process.env.EXPIRY_SWEEP_SECONDS ?? 30);
  if (!(seconds > 0)) return;
  const { expireDueApprovals } = await import("@/lib/approvals/expire-approvals");
  let isRunning = false;
  async function sweep() {
    // Overlapping sweeps would only race each other's conditional writes; skip a tick instead.
    if (isRunning) return;
    isRunning = true;
    try {
      const expired = await expireDueApprovals();
      if (expired > 0) console.log(`expiry sweep: ${expired} approval(s) expired`);
    } catch (error) {
      console.error("expiry sweep failed (will retry):", error instanceof Error ? error.message : error);
    } finally {
      isRunning = false;
    }
  }
  // sweep() never rejects: it logs its own failures.
  const timer = setInterval(() => void sweep(), seconds * 1000);
  timer.unref();
}
