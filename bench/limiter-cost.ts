// node --conditions=react-server --import tsx bench/limiter-cost.ts — not a test: what the per-token limiter costs per
// call, in this process, with nothing else around it (docs/decisions/0013-api-rate-limits.md). Three ways of counting:
// memory only (SQLite), memory + the RateLimit table in batches (PostgreSQL, what runs), and the table on every call
// (what reusing lib/auth/rate-limit-store.ts directly would cost). LIMITER_ENGINE: postgres (default) or sqlite.
import { freshDatabase, seedWithCommand } from "../scripts/throwaway-database.mjs";

const engine = process.env.LIMITER_ENGINE ?? "postgres";
process.env.DATABASE_URL = await freshDatabase(engine, "cosign_limiter_bench", "/tmp/cosign-limiter-bench");
seedWithCommand(process.env.DATABASE_URL); // migrates (the RateLimit table) and seeds
const { KeyLimiter } = await import("@/lib/api/rate-limits");
const { RateLimiterDb } = await import("@/lib/auth/rate-limit-store");
const { disconnectDb } = await import("@/lib/db");

async function perCall(
  label: string,
  calls: number,
  consume: (i: number) => Promise<unknown>,
  settled: () => Promise<void> = async () => {},
) {
  for (let i = 0; i < Math.min(calls, 200); i++) await consume(i); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await consume(i);
  await settled(); // background reports included: this is the work, not only the wait
  const us = Number(process.hrtime.bigint() - t0) / 1000 / calls;
  console.log(
    `${engine.padEnd(8)} ${label.padEnd(44)} ${us.toFixed(1).padStart(8)} µs/call (${calls} sequential calls)`,
  );
}

const big = { perWindow: 1_000_000, windowSeconds: 1, burst: 0 };
const memory = new KeyLimiter({ ...big, prefix: "m", shared: false });
await perCall("memory only (SQLite's limiter)", 100_000, () => memory.consume("tok_a"));
const batched = new KeyLimiter({ ...big, prefix: "b", shared: true });
await perCall(
  "memory + shared table, batches of 10",
  5_000,
  () => batched.consume("tok_a"),
  () => batched.settled(),
);
const everyCall = new RateLimiterDb({ keyPrefix: "e", points: 1_000_000, duration: 1 });
await perCall("shared table on every call (rate-limit-store)", 2_000, () => everyCall.consume("tok_a"));
await disconnectDb();
