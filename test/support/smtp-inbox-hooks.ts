// The app's mailer pointed at a real local SMTP server for one integration test file (vitest hooks; the Playwright
// specs use ./smtp-inbox directly, on the port the e2e server was given).
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startSmtpInbox } from "./smtp-inbox";

type Inbox = Awaited<ReturnType<typeof startSmtpInbox>>;

/**
 * Starts an inbox before the file's tests and sets SMTP_URL to it (closed and unset after). Returns the inbox's
 * getter, and `whileMailFails`, which runs its callback with SMTP_URL on a port nobody listens on.
 */
export function smtpInboxForFile() {
  let inbox: Inbox | undefined;
  const pointAt = (url: string | undefined) => {
    if (url === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = url;
    resetEnvCache();
  };
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    pointAt(inbox.url);
  });
  afterAll(async () => {
    pointAt(undefined);
    await inbox?.close();
  });
  return {
    inbox: () => inbox!,
    async whileMailFails(run: () => Promise<void>) {
      pointAt("smtp://127.0.0.1:1");
      try {
        await run();
      } finally {
        pointAt(inbox!.url);
      }
    },
  };
}
