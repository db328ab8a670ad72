import "server-only";

/** Work a server process runs beside its requests. start() begins it and returns its stop, or null when unused. */
export type BackgroundWorker = {
  name: string;
  start: () => (() => Promise<void>) | null;
};
