// For the suites that talk to a real server over HTTP (test/servers): a raw fetch Response to the agent API, held
// against the OpenAPI document that server serves (fetched once per server origin), the way test/support/api.ts,
// test/support/agent-api.ts and e2e/support/state.ts hold theirs (test/support/openapi-responses.ts).
import { assertDocumentedResponse } from "./openapi-responses";

type Document = { paths: Record<string, object> };
const OPENAPI_PATH = "/api/public/v1/openapi.json";
const documents = new Map<string, Promise<Document>>();

/**
 * The document the server at `origin` serves, fetched once (and itself held against its own GET operation). Call it
 * while the server is up — before a test that stops the server and then reads a response, say.
 */
export function servedDocument(origin: string): Promise<Document> {
  let document = documents.get(origin);
  if (!document) {
    document = fetch(`${origin}${OPENAPI_PATH}`).then(async (res) => {
      if (res.status !== 200) throw new Error(`GET ${OPENAPI_PATH} → ${res.status}`);
      const served = (await res.json()) as Document;
      assertDocumentedResponse(served, { method: "GET", pathname: OPENAPI_PATH, status: 200, body: served });
      return served;
    });
    // A failed fetch is not kept: the next call tries again.
    document.catch(() => documents.delete(origin));
    documents.set(origin, document);
  }
  return document;
}

/**
 * Reads a fetch Response's body (JSON when it says so, null when empty) and throws unless it is the response the
 * server's document describes for `method` on its path and status. Paths outside /api/public/v1 and /api/agent that the
 * document does not hold (pages, next-auth) pass unchecked, as in openapi-responses.ts.
 */
export async function documentedBody(method: string, response: Response): Promise<any> {
  const url = new URL(response.url);
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("application/json");
  const body: unknown = text && isJson ? JSON.parse(text) : text ? text : null;
  assertDocumentedResponse(await servedDocument(url.origin), {
    method,
    pathname: url.pathname,
    status: response.status,
    body,
  });
  return body;
}
