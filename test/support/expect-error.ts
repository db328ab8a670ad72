import { expect } from "vitest";
import type { ApiResponse } from "./api";

/** Asserts the exact status and the exact flat error body; requestId must equal the X-Request-Id header. */
export function expectError(res: ApiResponse, status: number, code: string, details: Record<string, unknown>) {
  const requestId = res.headers.get("x-request-id");
  expect(requestId).toMatch(/^req_[A-Za-z0-9]{20}$/);
  expect({ status: res.status, body: res.body }).toEqual({
    status,
    body: { error: expect.any(String), code, requestId, details },
  });
  expect(res.body.error.length).toBeGreaterThan(0);
}
