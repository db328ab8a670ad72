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
}

export function resetClock() {
  current = systemClock;
}
