import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

// Suites that start servers themselves (crash, fuzz, limits, servers, lifecycle): no per-file database clone, one file at a time.
// npm run test:crash / npm run test:fuzz pick the files; TEST_DB picks the engine.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: [
      "test/crash/**/*.test.ts",
      "test/fuzz/**/*.test.ts",
      "test/limits/**/*.test.ts",
      "test/servers/**/*.test.ts",
      "test/lifecycle/**/*.test.ts",
    ],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    // Inherited by the servers these suites start (test/support/server.ts); a suite that tests the limits passes
    // its own values to its server.
    env: base.test?.env,
    reporters: base.test?.reporters,
  },
});
