// Callback values that try to lead a browser off the app's origin, into a loop, into script, or into a 500. Shared by
// the unit test of sameOriginPath (lib/http/same-origin-redirect.test.ts), the fuzz suite and the real-Chromium
// check (e2e/ui/edges.spec.ts).
// Every one of them must come back as the inbox.
export const HOSTILE_CALLBACKS: unknown[] = [
  "//evil.example",
  "//evil.example/approvals",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "\t//evil.example",
  "/\t/evil.example",
  "\n//evil.example",
  " //evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "https:evil.example",
  "https://evil.example",
  "http://127.0.0.1:3323/approvals",
  "http://127.0.0.1.evil.example:3322/approvals",
  "http://evil.example\\@127.0.0.1:3322/",
  "http://127.0.0.1:3322@evil.example/",
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "/sign-in",
  "/sign-in?callbackUrl=/sign-in",
  "/sign-up",
  "x".repeat(5000),
  "/" + "a".repeat(5000),
  "",
  "http://[::1",
  undefined,
  null,
  42,
  ["/approvals/apr_x"],
  { toString: () => "//evil.example" },
];

/** The string ones: what can travel in a query string or a form field. */
export const HOSTILE_CALLBACK_STRINGS = HOSTILE_CALLBACKS.filter((v): v is string => typeof v === "string");
