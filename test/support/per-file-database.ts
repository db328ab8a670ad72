import { afterAll, beforeAll, inject } from "vitest";
import { disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { cloneDatabase, dropDatabase } from "./databases";

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
