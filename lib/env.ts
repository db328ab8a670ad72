import "server-only";
import { z } from "zod";

// Validated once, at first use. Defaults make a fresh clone run with no configuration at all.
const envSchema = z.object({
  DATABASE_URL: z.string().min(1).default("file:./data/dev.db"),
  /** Public base URL approvalUrl and claimUrl are built on; unset → the request's own origin. */
  APP_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** How long a pending approval waits for a human. The contract's default is 72 hours. */
  APPROVAL_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(72 * 60 * 60),
  /** The platform's fee on every funded amount, in percent (OpenTrain charges 10). Taken at funding. */
  PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(0),
  /** A flat fee per hire, in dollars (OpenTrain charges 9.95). Taken when the first milestone is funded. */
  CONTRACT_FEE_USD: z.coerce.number().min(0).max(10_000).default(0),
  /**
   * How many reverse proxies stand in front of the app (lib/auth/client-address.ts). 0: trust no forwarding header,
   * use the socket's address. A wrong value is refused at start rather than guessed: it decides whom sign-in
   * throttling counts together.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** smtp://user:pass@host:port or smtps://…; unset → development writes mail to MAIL_DIR, production sends none. */
  SMTP_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Co-sign <no-reply@cosign.localhost>"),
  /** Where development keeps each message (a .eml file) when SMTP_URL is unset. */
  MAIL_DIR: z.string().min(1).default("data/mail"),
  /**
   * Calls per second one API token may make (docs/decisions/0013-api-rate-limits.md), and how many more it may make
   * in a burst within 10 s. The bench and the load-firing test servers raise them; tests of the limit lower them.
   */
  RATE_LIMIT_TOKEN_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).default(100),
  RATE_LIMIT_TOKEN_BURST: z.coerce.number().int().min(0).max(1_000_000).default(100),
  /**
   * "1": the per-token limit is not counted at all — only for the bench's limiter on/off row (bench/limiter-ab.mjs,
   * docs/decisions/0019-limiter-off-switch-for-the-bench.md). No looser than the maximum rate above; said at start.
   */
  RATE_LIMIT_TOKEN_OFF: z
    .enum(["", "0", "1"])
    .default("")
    .transform((value) => value === "1"),
  /**
   * How many long polls (GET /updates?wait=) one token may hold open at once in one process; one more answers 429
   * (docs/decisions/0014-long-poll-wakes.md). The bench raises it.
   */
  LONG_POLL_MAX_WAITS_PER_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /**
   * `off`: this process serves requests only — no expiry sweep, no webhook delivery, no notifier
   * (lib/background/, docs/scaling.md). Some process on the database should keep it `on`.
   */
  BACKGROUND_WORK: z.enum(["on", "off"]).default("on"),
  /** Calls per minute one client address may make to the tokenless public API endpoints (contract: 120). */
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Production refuses webhook targets on loopback too, unless this is "true": for an agent on the same machine. */
  WEBHOOK_ALLOW_LOOPBACK: z
    .enum(["true", "false", ""])
    .default("false")
    .transform((value) => value === "true"),
  /**
   * Days a finished webhook delivery (succeeded or failed) is kept for the settings page and GET /webhooks/{id};
   * older ones are deleted hourly (lib/webhooks/prune-deliveries.ts). Retries still owed are kept however old.
   */
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests change configuration between cases; production reads it once. */
export function resetEnvCache() {
  cached = undefined;
}

export function isPostgresUrl(url: string) {
  return /^postgres(ql)?:/.test(url);
}
