import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests call the real route handlers in-process against a real database: a SQLite file, or a
// PostgreSQL database when TEST_DB=postgres. Each test file gets its own copy of a migrated, seeded template.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React's server build; in tests every module is server code.
      "server-only": path.resolve(import.meta.dirname, "test/support/empty-module.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "test/integration/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/per-file-database.ts"],
    testTimeout: 30_000,
    // The suites fire hundreds of calls per token at once: the per-token limit (lib/api/rate-limits.ts) is raised
    // out of their way; test/integration/rate-limits.test.ts lowers it for itself.
    // Mail with no SMTP server set (team invitations in most files) goes to a temporary folder, not the checkout's.
    env: {
      RATE_LIMIT_TOKEN_PER_SECOND: "1000000",
      RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
      MAIL_DIR: path.join(os.tmpdir(), "cosign-test-mail"),
    },
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./test/support/count-reporter.ts"],
  },
});
