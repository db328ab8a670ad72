import "server-only";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import type { BackgroundWorker } from "@/lib/background/workers";

/**
 * Expires due approvals every EXPIRY_SWEEP_SECONDS (default 30; 0 turns it off), so an approval whose window closes
 * with nobody looking still flips to `expired` and emits its approval.confirmed event on time (contract §2
 * [beyond]) — and wakes the long polls waiting for it. Every read of an approval or of the feed also expires what
 * is due first; the sweep is for the quiet moments. With several processes each sweeps; their conditional writes
 * make that safe (one of them expires each approval, the others' writes match no row).
 */
export const expirySweep: BackgroundWorker = {
  name: "expiry sweep",
  start() {
    const seconds = Number(process.env.EXPIRY_SWEEP_SECONDS ?? 30);
    if (!(seconds > 0)) return null;
    let running: Promise<void> | null = null;
    async function sweep() {
      try {
        const expired = await expireDueApprovals();
        if (expired > 0) console.log(`expiry sweep: ${expired} approval(s) expired`);
      } catch (error) {
        console.error("expiry sweep failed (will retry):", error instanceof Error ? error.message : error);
      }
    }
    const timer = setInterval(() => {
      // Overlapping sweeps would only race each other's conditional writes; skip a tick instead.
      if (running) return;
      running = sweep().finally(() => (running = null));
    }, seconds * 1000);
    timer.unref();
    return async () => {
      clearInterval(timer);
      // A sweep under way finishes its small transactions; none is cut in half by the stop.
      await running;
    };
  },
};
