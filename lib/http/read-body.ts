import { BODY_LIMIT_BYTES } from "@/lib/http/limits.mjs";

export { BODY_LIMIT_BYTES };

/** What readBodyWithin answers when the body holds more than the limit. */
export const TOO_LARGE = Symbol("body too large");

/**
 * The request's body, read chunk by chunk and counted as it arrives, or TOO_LARGE the moment it passes `limit`
 * bytes — the rest is never read, so a chunked upload (no Content-Length) costs at most `limit` bytes of memory.
 * A declared Content-Length over the limit is refused before anything is read.
 */
export async function readBodyWithin(
  request: Request,
  limit = BODY_LIMIT_BYTES,
): Promise<Uint8Array | typeof TOO_LARGE> {
  if (declaredLength(request) > limit) return TOO_LARGE;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Stop the upload here instead of draining it; the caller answers 413.
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The declared Content-Length, or 0 when there is none (chunked) or it is not a number. */
export function declaredLength(request: Request): number {
  const length = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(length) ? length : 0;
}
