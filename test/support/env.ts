import { vi } from "vitest";
import { resetEnvCache } from "@/lib/env";

/** Runs `work` with these environment variables (lib/env read afresh), then puts every stubbed one back. */
export async function withEnv<T>(vars: Record<string, string>, work: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  resetEnvCache();
  try {
    return await work();
  } finally {
    vi.unstubAllEnvs();
    resetEnvCache();
  }
}
