// The agent identity endpoints answer in OAuth's wire shape ({error, error_description}), not the public API's flat
// body: OAuth clients (RFC 6749 §5.2, RFC 8628 §3.5) branch on `error`. One type, one code → status table.
export const OAUTH_ERROR_STATUS = {
  invalid_request: 400,
  invalid_grant: 400,
  authorization_pending: 400,
  slow_down: 400,
  expired_token: 400,
  unsupported_grant_type: 400,
  unsupported_identity_type: 400,
  method_not_allowed: 405,
  payload_too_large: 413,
  rate_limit_exceeded: 429,
  server_error: 500,
} as const satisfies Record<string, number>;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_STATUS;

export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "OAuthError";
  }

  get status(): number {
    return OAUTH_ERROR_STATUS[this.code];
  }
}
