import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { claimEmail } from "@/lib/mail/claim-email";
import { sendMail } from "@/lib/mail/send-mail";

// Without SMTP_URL: development keeps each message in a folder; production sends nothing and says so. (Delivery
// over SMTP is tested against a real server in test/integration/agent-identity.test.ts.)
const mail = claimEmail({ to: "human@example.com", link: "http://localhost:3000/claim?attempt=x", minutes: 30 });

afterEach(() => {
  delete process.env.MAIL_DIR;
  vi.unstubAllEnvs();
  resetEnvCache();
});

it("development without SMTP_URL: one .eml per message in MAIL_DIR, with a plain and an HTML part", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosign-mail-"));
  vi.stubEnv("SMTP_URL", "");
  process.env.MAIL_DIR = dir;
  resetEnvCache();
  expect(await sendMail(mail)).toBe(true);
  const files = fs.readdirSync(dir);
  expect(files).toHaveLength(1);
  const raw = fs.readFileSync(path.join(dir, files[0]), "utf8");
  expect(raw).toMatch(/^To: human@example\.com$/m);
  expect(raw).toMatch(/Content-Type: text\/plain/);
  expect(raw).toMatch(/Content-Type: text\/html/);
  fs.rmSync(dir, { recursive: true });
});

it("production without SMTP_URL: nothing sent, false, and a warning that mail is off", async () => {
  vi.stubEnv("SMTP_URL", "");
  vi.stubEnv("NODE_ENV", "production");
  resetEnvCache();
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  expect(await sendMail(mail)).toBe(false);
  expect(warn.mock.calls.flat().join(" ")).toMatch(/mail is off/);
  warn.mockRestore();
});
