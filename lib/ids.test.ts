import { describe, expect, it } from "vitest";
import { newId, randomBase62 } from "@/lib/ids";

describe("ids", () => {
  it("are prefixed, base62, of the asked length, and do not repeat across many draws (the pool refills)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = newId("apr");
      expect(id).toMatch(/^apr_[0-9A-Za-z]{20}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
    expect(randomBase62(32)).toMatch(/^[0-9A-Za-z]{32}$/);
  });

  it("every base62 character shows up: the draw is not biased to a subset", () => {
    const counts = new Map<string, number>();
    for (const ch of randomBase62(62 * 400)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(250);
  });
});
