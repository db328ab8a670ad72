import "server-only";
import fs from "node:fs";

// The one source of "now". Every expiry and timestamp reads it, so tests move time instead of sleeping.
type Clock = () => Date;

/**
 * End-to-end tests drive a real server in another process, so they cannot call setClock(). When TEST_CLOCK_FILE is
 * set (only by the e2e server script; never in production), the file holds an offset in milliseconds that is added
 * to the system time.
 */
function fileOffsetClock(file: string): Clock {
  return () => {
    let offset = 0;
    try {
      offset = Number(fs.readFileSync(file, "utf8").trim()) || 0;
    } catch {
      // No file yet: no offset.
    }
    return new Date(Date.now() + offset);
  };
}

const systemClock: Clock = process.env.TEST_CLOCK_FILE
  ? fileOffsetClock(process.env.TEST_CLOCK_FILE)
  : () => new Date();
let current: Clock = systemClock;

export function now(): Date {
  return current();
}

export function setClock(clock: Clock) {
  current = clock;
  rearmTimers();
}

export function resetClock() {
  current = systemClock;
  rearmTimers();
}

// Timers on this clock's time (a long poll's deadline): a test that moves the clock fires what has come due, as
// real time would, instead of sleeping. On the system clock they are plain timers.
type ClockTimer = { at: number; fire: () => void; handle: NodeJS.Timeout | null };
const timers = new Set<ClockTimer>();
const MAX_DELAY_MS = 2 ** 31 - 1;

function arm(timer: ClockTimer) {
  if (timer.handle) clearTimeout(timer.handle);
  const delay = Math.min(Math.max(timer.at - current().getTime(), 0), MAX_DELAY_MS);
  timer.handle = setTimeout(() => {
    timers.delete(timer);
    timer.fire();
  }, delay);
  // What waits on it (a held request) keeps the process alive by itself; the timer must not.
  timer.handle.unref();
}

function rearmTimers() {
  for (const timer of timers) arm(timer);
}

/** Calls `fire` once the clock reads `at` or later; returns the cancel. */
export function atClockTime(at: Date, fire: () => void): () => void {
  const timer: ClockTimer = { at: at.getTime(), fire, handle: null };
  timers.add(timer);
  arm(timer);
  return () => {
    timers.delete(timer);
    if (timer.handle) clearTimeout(timer.handle);
  };
}
