import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

// npm run test:races — the randomized race suite (sized by RACE_OPS / RACE_CLIENTS), on TEST_DB.
export default defineConfig({ ...base, test: { ...base.test, include: ["test/races/**/*.test.ts"] } });
