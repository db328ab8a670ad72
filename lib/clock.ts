import "server-only";

// The one source of "now". Every expiry and timestamp reads it, so tests move time instead of sleeping.
type Clock = () => Date;

const systemClock: Clock = () => new Date();
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
