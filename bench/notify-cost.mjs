// node bench/notify-cost.mjs — not a test: what pg_notify adds to a committing transaction, on a scratch PostgreSQL
// database. The statement under test is the event-order lock's (lib/db/events.ts), with and without the notify, in
// transactions that insert one row, from NOTIFY_CLIENTS (4) connections at once while one connection LISTENs (as
// every server process does). Alternating rounds of NOTIFY_TRANSACTIONS (500) each, NOTIFY_ROUNDS (8) per side, so
// both sides see the same neighbours; prints the median wall time per transaction of each side and their ratio.
import pg from "pg";
import { adminQuery, pgUrl } from "../scripts/throwaway-database.mjs";
import { median } from "./measure.mjs";

const CLIENTS = Number(process.env.NOTIFY_CLIENTS ?? 4);
const TRANSACTIONS = Number(process.env.NOTIFY_TRANSACTIONS ?? 500);
const ROUNDS = Number(process.env.NOTIFY_ROUNDS ?? 8);
const name = `cosign_notify_cost_${process.pid}`;
await adminQuery(`CREATE DATABASE "${name}"`);
const url = pgUrl(name);
const connect = async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
};
try {
  const setup = await connect();
  await setup.query(`CREATE TABLE t (id serial PRIMARY KEY, v text)`);
  await setup.end();
  const listener = await connect();
  let heard = 0;
  listener.on("notification", () => heard++);
  await listener.query("LISTEN cosign_events");
  const clients = await Promise.all(Array.from({ length: CLIENTS }, connect));
  const sides = {
    "lock only": `SELECT pg_advisory_xact_lock(7230011)`,
    "lock + pg_notify": `SELECT pg_advisory_xact_lock(7230011), pg_notify('cosign_events', 'org_acme payment.pending')`,
  };
  const perTransaction = { "lock only": [], "lock + pg_notify": [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? Object.entries(sides).reverse() : Object.entries(sides);
    for (const [side, lockSql] of order) {
      let left = TRANSACTIONS;
      const started = performance.now();
      await Promise.all(
        clients.map(async (client) => {
          while (left-- > 0) {
            await client.query("BEGIN");
            await client.query("INSERT INTO t (v) VALUES ('x')");
            await client.query(lockSql);
            await client.query("COMMIT");
          }
        }),
      );
      perTransaction[side].push(((performance.now() - started) * 1000) / TRANSACTIONS);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const [a, b] = Object.keys(sides).map((side) => median(perTransaction[side]));
  console.log(
    `${CLIENTS} connections, ${ROUNDS} alternating rounds of ${TRANSACTIONS} transactions per side: lock only ${a.toFixed(0)} µs/transaction, lock + pg_notify ${b.toFixed(0)} µs/transaction (× ${(b / a).toFixed(3)}); the listener heard ${heard} of ${ROUNDS * TRANSACTIONS}.`,
  );
  console.log(
    `rounds: lock only ${perTransaction["lock only"].map((v) => v.toFixed(0)).join(" ")}; with notify ${perTransaction["lock + pg_notify"].map((v) => v.toFixed(0)).join(" ")}`,
  );
  await Promise.all([...clients, listener].map((client) => client.end()));
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
