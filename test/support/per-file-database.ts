import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { cloneDatabase, dropDatabase } from "./databases";
import { expectInvariants } from "./invariants";

// Every test file runs on its own copy of the seeded template, so files never see each other's writes.
let url: string;

beforeAll(async () => {
  url = await cloneDatabase(inject("templateUrl"));
  process.env.DATABASE_URL = url;
  delete process.env.APP_URL;
  resetEnvCache();
});

afterAll(async () => {
  await disconnectDb();
  await dropDatabase(url);
});

// After every test, in every file: each ledger transaction sums to zero, no balance is negative, escrow equals the
// funded milestones, every confirmed approval executed once, every final approval has exactly one event.
afterEach(async () => {
  await expectInvariants();
});
