import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { randomBase62 } from "@/lib/ids";

export type Mail = { to: string; subject: string; text: string; html: string };

type Mode = { kind: "smtp"; url: string } | { kind: "folder"; dir: string } | { kind: "off" };

/** SMTP_URL → send; none in development → a folder of .eml files; none in production → no mail (said once). */
function mailMode(): Mode {
  const { SMTP_URL, MAIL_DIR } = env();
  if (SMTP_URL) return { kind: "smtp", url: SMTP_URL };
  return process.env.NODE_ENV === "production" ? { kind: "off" } : { kind: "folder", dir: MAIL_DIR };
}

/** Whether a message would go anywhere (false: production without SMTP_URL). */
export function canSendMail(): boolean {
  return mailMode().kind !== "off";
}

let transport: { url: string; transporter: Transporter } | undefined;
let hasReportedOff = false;

function smtpTransport(url: string): Transporter {
  if (transport?.url !== url) {
    // Short timeouts: the caller waits for the handoff, and a dead server must not hold its request for minutes.
    transport = {
      url,
      transporter: nodemailer.createTransport(url, {
        connectionTimeout: 5000,
        greetingTimeout: 5000,
        socketTimeout: 10_000,
      } as object),
    };
  }
  return transport.transporter;
}

/** Says at server start what happens to mail, so "no email arrived" is never a mystery (instrumentation.ts). */
export function reportMailMode() {
  const mode = mailMode();
  if (mode.kind === "off") {
    hasReportedOff = true;
    console.warn("mail is off: SMTP_URL is not set, so no email is sent (claim starts answer email_sent: false)");
  } else if (mode.kind === "folder") console.log(`mail: SMTP_URL is not set; messages are written to ${mode.dir}/`);
}

/**
 * The one way the app sends mail. Resolves true when the message was handed to the SMTP server (or written to the
 * development folder), false otherwise. It never throws: no request fails because mail does (the caller reports
 * email_sent instead).
 */
export async function sendMail(mail: Mail): Promise<boolean> {
  const mode = mailMode();
  const message = { from: env().MAIL_FROM, ...mail };
  try {
    if (mode.kind === "smtp") {
      await smtpTransport(mode.url).sendMail(message);
      return true;
    }
    if (mode.kind === "off") {
      if (!hasReportedOff) reportMailMode();
      return false;
    }
    const built = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(message);
    await fs.mkdir(mode.dir, { recursive: true });
    const file = path.join(mode.dir, `${now().toISOString().replace(/[:.]/g, "-")}-${randomBase62(6)}.eml`);
    await fs.writeFile(file, built.message as Buffer);
    console.log(`mail to ${mail.to} ("${mail.subject}") written to ${file}`);
    return true;
  } catch (error) {
    console.error(`mail to ${mail.to} failed:`, error instanceof Error ? error.message : error);
    return false;
  }
}
