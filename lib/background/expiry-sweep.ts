import "server-only";
import { expireDueApprovals } from "@/lib/approvals/expire-approvals";
import { everySeconds, type BackgroundWorker } from "@/lib/background/workers";

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
    return everySeconds("expiry sweep", seconds, async () => {
      const expired = await expireDueApprovals();
      if (expired > 0) console.log(`expiry sweep: ${expired} approval(s) expired`);
    });
  },
};
