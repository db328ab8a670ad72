import { describe, expect, it } from "vitest";
import { DEFAULT_DESTINATION, sameOriginPath } from "@/lib/http/same-origin-redirect";
import { HOSTILE_CALLBACKS } from "@/test/support/hostile-callbacks";

const ORIGIN = "http://127.0.0.1:3322";

// Values that are paths on this app, and what they are sent on as.
const SAME_ORIGIN: [string, string][] = [
  ["/approvals", "/approvals"],
  ["/approvals/apr_abc123", "/approvals/apr_abc123"],
  ["/approvals?x=1#top", "/approvals?x=1#top"],
  ["/billing", "/billing"],
  ["http://127.0.0.1:3322/approvals/apr_abc", "/approvals/apr_abc"],
  // Escapes stay escapes: "/%5Cevil" and "/%2F%2Fevil" are paths on this app, never a host.
  ["/%5Cevil.example", "/%5Cevil.example"],
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/%0d%0aSet-Cookie:x=1", "/%0d%0aSet-Cookie:x=1"],
  // A raw newline is dropped by the URL parser, so no header can be split.
  ["/approvals\r\nSet-Cookie: x=1", "/approvalsSet-Cookie:%20x=1"],
  ["approvals", "/approvals"],
  // Same scheme as the app, no slashes: a relative path here (a browser reads it so too).
  ["http:evil.example", "/evil.example"],
  ["/sign-input", "/sign-input"],
];

describe("sameOriginPath", () => {
  it.each(HOSTILE_CALLBACKS.map((v) => [typeof v === "string" ? JSON.stringify(v).slice(0, 60) : String(v), v]))(
    "refuses %s",
    (_label, value) => {
      expect(sameOriginPath(value, ORIGIN)).toBe(DEFAULT_DESTINATION);
    },
  );

  it.each(SAME_ORIGIN)("keeps %j as %j", (value, expected) => {
    expect(sameOriginPath(value, ORIGIN)).toBe(expected);
  });

  it("never returns a value a browser would resolve to another origin", () => {
    for (const value of [...HOSTILE_CALLBACKS, ...SAME_ORIGIN.map(([v]) => v)]) {
      const path = sameOriginPath(value, ORIGIN);
      expect(new URL(path, ORIGIN).origin, String(value).slice(0, 40)).toBe(ORIGIN);
      expect(path).toMatch(/^\/(?![/\\])/);
      expect(path).not.toMatch(/[\r\n\t]/);
    }
  });

  it("a malformed app origin falls back rather than throwing", () => {
    expect(sameOriginPath("/approvals/apr_x", "not a url")).toBe(DEFAULT_DESTINATION);
  });
});

describe("sameOriginPath for next-auth's own redirects", () => {
  it("may go to the sign-in page (sign-out, errors), still never off the origin", () => {
    expect(sameOriginPath("/sign-in", ORIGIN, { allowAuthPages: true })).toBe("/sign-in");
    expect(sameOriginPath(`${ORIGIN}/sign-in?error=CredentialsSignin`, ORIGIN, { allowAuthPages: true })).toBe(
      "/sign-in?error=CredentialsSignin",
    );
    for (const value of HOSTILE_CALLBACKS.filter((v) => typeof v !== "string" || !v.startsWith("/sign-"))) {
      expect(sameOriginPath(value, ORIGIN, { allowAuthPages: true })).toBe(DEFAULT_DESTINATION);
    }
  });
});
