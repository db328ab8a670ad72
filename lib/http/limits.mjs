// Plain JavaScript, because next.config.mjs reads it as well as the app.

/**
 * The most a request body may hold, on every route that reads one: the agent API, next-auth's routes and the
 * server actions behind the human pages. The largest legitimate body (a milestone with a 5,000-character
 * description, or a sign-up form) is a few KiB. docs/decisions/0006-body-limits.md says where it is enforced.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * How much of a body Next copies for the proxy (next.config.mjs, experimental.proxyClientMaxBodySize) and keeps
 * for the handler after it. Past it Next silently drops the rest — and the chunk that crosses it — so a cut-off
 * copy cannot be told from a complete one by its length alone. Node's HTTP parser hands bodies over in pieces of
 * at most 64 KiB (one socket read), so a copy this much larger than the limit always holds more than the limit
 * when the body did: then the proxy (pages) and lib/api/parse.ts (agent API) see it and answer 413.
 */
export const PROXY_BODY_COPY_BYTES = BODY_LIMIT_BYTES + 256 * 1024;
