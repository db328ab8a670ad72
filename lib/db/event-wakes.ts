import "server-only";
import { env, isPostgresUrl } from "@/lib/env";

/**
 * Wakes for long polls (GET /updates?wait=, docs/decisions/0014-long-poll-wakes.md): whenever a transaction that
 * inserted events commits, every waiting request of that account in every process must learn of it, without a
 * query per waiter and without a poll loop.
 *
 * - PostgreSQL: the transaction itself calls pg_notify (in the statement that takes the event-order lock, so it
 *   costs no extra round trip), and PostgreSQL delivers it at commit to one dedicated LISTEN connection per
 *   process — this process's own included, so there is one path for local and remote commits alike.
 * - SQLite (one process): the commit is announced in-process, after it has happened — Prisma's transactions from
 *   the adapter's commit (./client.ts), the direct writer's once its write resolved (./approvals.ts).
 *
 * The state lives on globalThis: Next may load this module more than once in one process (route handlers, server
 * actions and instrumentation are separate bundles), and a wake from a human's confirm must reach the waiters.
 */

/** Which feed moved and with which event types: what a waiter needs to know whether to read. */
export type EventWake = { accountId: string; types: readonly string[] };
/** Gets each wake, or `null` for "anything may have changed" (the LISTEN connection was lost and is back). */
export type WakeListener = (wake: EventWake | null) => void;

/** The channel every process LISTENs on. */
const CHANNEL = "cosign_events";
/** Shown in pg_stat_activity, so an operator (and a test) can tell the LISTEN connection apart. */
export const LISTEN_APPLICATION_NAME = "cosign-listen";
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
/** A request waits this long at most for the first LISTEN connection; a later (re)connect wakes everyone anyway. */
const FIRST_CONNECT_WAIT_MS = 2_000;

type PgClient = import("pg").Client;
type Listening = {
  url: string;
  client: PgClient | null;
  ready: Promise<void>;
  isStopped: boolean;
  retryMs: number;
  timer: NodeJS.Timeout | null;
};
type WakeState = {
  listeners: Set<WakeListener>;
  /** SQLite: the wakes of the Prisma transaction now open (the adapter runs one at a time per process). */
  openTransactionWakes: EventWake[];
  listening: Listening | null;
};
const globalForWakes = globalThis as unknown as { __cosignEventWakes?: WakeState };
const state: WakeState = (globalForWakes.__cosignEventWakes ??= {
  listeners: new Set(),
  openTransactionWakes: [],
  listening: null,
});

/** One wake per account among the events, with each type once. */
export function wakesOf(events: readonly { accountId: string; type: string }[]): EventWake[] {
  const byAccount = new Map<string, Set<string>>();
  for (const event of events) {
    let types = byAccount.get(event.accountId);
    if (!types) byAccount.set(event.accountId, (types = new Set()));
    types.add(event.type);
  }
  return [...byAccount].map(([accountId, types]) => ({ accountId, types: [...types] }));
}

/** One payload per transaction: `account type,type` per line (ids and type names hold no spaces or newlines). */
export function wakePayload(events: readonly { accountId: string; type: string }[]): string {
  return wakesOf(events)
    .map((wake) => `${wake.accountId} ${wake.types.join(",")}`)
    .join("\n");
}

function parsePayload(payload: string): EventWake[] {
  return payload
    .split("\n")
    .map((line) => line.split(" "))
    .filter((parts) => parts.length === 2 && parts[0] !== "")
    .map(([accountId, types]) => ({ accountId, types: types.split(",") }));
}

function deliver(wake: EventWake | null) {
  for (const listener of state.listeners) {
    try {
      listener(wake);
    } catch (error) {
      console.error("event wake listener failed:", error);
    }
  }
}

/** The SQL fragment that notifies every process's LISTEN connection at commit, with the payload bound at `?`. */
export const NOTIFY_SQL = `pg_notify('${CHANNEL}', ?)`;

/** SQLite, inside a Prisma transaction: kept until the adapter reports its commit (./client.ts). */
export function holdUntilCommit(events: readonly { accountId: string; type: string }[]) {
  state.openTransactionWakes.push(...wakesOf(events));
}

/** SQLite: the open transaction's wakes, handed over at its commit or dropped at its rollback (./client.ts). */
export function takeTransactionWakes(): EventWake[] {
  const wakes = state.openTransactionWakes;
  state.openTransactionWakes = [];
  return wakes;
}

/** SQLite: announces wakes whose transaction has committed. */
export function deliverWakes(wakes: readonly EventWake[]) {
  for (const wake of wakes) deliver(wake);
}

/** SQLite: the direct writer committed these events (on PostgreSQL its statement notified by itself). */
export function directWriteCommitted(events: readonly { accountId: string; type: string }[]) {
  if (isPostgresUrl(env().DATABASE_URL)) return;
  for (const wake of wakesOf(events)) deliver(wake);
}

/** Subscribes to every wake of this process; returns the unsubscribe. */
export function onEventWake(listener: WakeListener): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/**
 * PostgreSQL: makes sure this process's LISTEN connection is up (opening it the first time), waiting at most
 * FIRST_CONNECT_WAIT_MS for the first connect. SQLite: nothing to do.
 */
export async function ensureEventListener(): Promise<void> {
  const url = env().DATABASE_URL;
  if (!isPostgresUrl(url)) return;
  let listening = state.listening;
  if (!listening || listening.url !== url || listening.isStopped) {
    await stopEventListener();
    listening = state.listening = openListening(url);
  }
  if (listening.client) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    listening.ready,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS))),
  ]);
  clearTimeout(timer);
}

function openListening(url: string): Listening {
  let markReady!: () => void;
  const listening: Listening = {
    url,
    client: null,
    ready: new Promise<void>((resolve) => (markReady = resolve)),
    isStopped: false,
    retryMs: RETRY_MIN_MS,
    timer: null,
  };
  const connect = async () => {
    listening.timer = null;
    if (listening.isStopped) return;
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: url, application_name: LISTEN_APPLICATION_NAME, keepAlive: true });
    let isDropped = false;
    // A dropped connection (database restart, failover, a terminated backend) is replaced, with backoff.
    const drop = (error?: Error) => {
      if (isDropped) return;
      isDropped = true;
      if (listening.client === client) listening.client = null;
      client.removeAllListeners("notification");
      void client.end().catch(() => undefined);
      if (listening.isStopped) return;
      if (error) console.error(`event listener: PostgreSQL connection lost (${error.message}); reconnecting`);
      listening.timer = setTimeout(() => void connect(), listening.retryMs);
      listening.timer.unref();
      listening.retryMs = Math.min(listening.retryMs * 2, RETRY_MAX_MS);
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      for (const wake of parsePayload(message.payload)) deliver(wake);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (isDropped) return;
    if (listening.isStopped) return void client.end().catch(() => undefined);
    // Idle, it must not keep a process (a test run, a script) alive.
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    listening.client = client;
    listening.retryMs = RETRY_MIN_MS;
    markReady();
    // Whatever committed while no connection listened was not heard: every waiter reads once more.
    deliver(null);
  };
  void connect();
  return listening;
}

/** Closes the LISTEN connection for good (shutdown, tests switching databases). */
export async function stopEventListener(): Promise<void> {
  const listening = state.listening;
  state.listening = null;
  if (!listening) return;
  listening.isStopped = true;
  if (listening.timer) clearTimeout(listening.timer);
  const client = listening.client;
  listening.client = null;
  await client?.end().catch(() => undefined);
}
