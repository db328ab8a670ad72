import "server-only";

/** Work a server process runs beside its requests. start() begins it and returns its stop, or null when unused. */
export type BackgroundWorker = {
  name: string;
  start: () => (() => Promise<void>) | null;
};

/**
 * Runs `pass` every `seconds` until the returned stop is called: a pass still under way when the next is due skips
 * that tick (overlap would only race its own conditional writes), and stop waits for the pass under way, so none is
 * cut in half. A pass that throws is logged and tried again at the next tick.
 */
export function everySeconds(name: string, seconds: number, pass: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = pass()
      .catch((error: unknown) =>
        console.error(`${name} failed (will retry):`, error instanceof Error ? error.message : error),
      )
      .finally(() => (running = null));
  }, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
