import type { Metadata } from "next";
import { SchemaFields } from "@/components/api-schema";
import { openApiDocument } from "@/lib/openapi/document";
import { OPERATIONS, TAGS } from "@/lib/openapi/routes";

export const metadata: Metadata = { title: "API reference — Co-sign" };

type Content = Record<string, { schema: Record<string, unknown>; examples?: Record<string, { value: unknown }> }>;
type OperationObject = {
  description?: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Content };
  responses: Record<string, { description: string; content?: Content }>;
};

const anchorOf = (operationId: string) => `op-${operationId}`;

// /docs/api — the API reference, rendered on the server from the OpenAPI document (docs/decisions/0017): no script,
// so it runs under the pages' nonce CSP as it is, reads on a phone, and works with JavaScript off.
export default function ApiReferencePage() {
  const { document } = openApiDocument();
  const paths = document.paths as Record<string, Record<string, OperationObject>>;
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-8 px-4 py-8">
      <header className="space-y-3">
        <h1 className="text-2xl font-semibold">API reference</h1>
        <p className="text-slate-700">{document.info.description}</p>
        <p className="text-slate-700">
          Machine-readable:{" "}
          <a className="font-medium text-blue-700 underline" href="/api/public/v1/openapi.json">
            OpenAPI 3.1 document
          </a>
          {" · "}
          <a className="font-medium text-blue-700 underline" href="/llms.txt">
            llms.txt
          </a>
        </p>
        <nav aria-label="Endpoints" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="text-sm font-semibold text-slate-900">Endpoints</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {OPERATIONS.map((operation) => (
              <li key={operation.operationId} className="break-all">
                <a className="text-blue-700 underline" href={`#${anchorOf(operation.operationId)}`}>
                  <span className="font-mono font-semibold">{operation.method}</span> {operation.path}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {(Object.keys(TAGS) as (keyof typeof TAGS)[]).map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-4">
          <h2 id={`tag-${tag}`} className="text-xl font-semibold">
            {tag}
          </h2>
          <p className="text-slate-700">{TAGS[tag]}</p>
          {OPERATIONS.filter((operation) => operation.tag === tag).map((operation) => {
            const details = paths[operation.path][operation.method.toLowerCase()];
            const body = details.requestBody && Object.entries(details.requestBody.content)[0];
            return (
              <article
                key={operation.operationId}
                id={anchorOf(operation.operationId)}
                className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
                data-testid="api-operation"
              >
                <h3 className="break-all font-mono text-sm font-semibold text-slate-900">
                  <span className="mr-2 rounded bg-slate-900 px-1.5 py-0.5 text-white">{operation.method}</span>
                  {operation.path}
                </h3>
                <p className="font-medium">{operation.summary}</p>
                {details.description?.split("\n\n").map((paragraph) => (
                  <p key={paragraph} className="text-sm text-slate-700">
                    {paragraph}
                  </p>
                ))}
                {details.parameters.length > 0 && (
                  <div>
                    <h4 className="text-sm font-semibold">Parameters</h4>
                    <SchemaFields
                      schema={{
                        type: "object",
                        properties: Object.fromEntries(
                          details.parameters.map((p) => [`${p.name} (${p.in})`, p.schema]),
                        ),
                        required: details.parameters.filter((p) => p.required).map((p) => `${p.name} (${p.in})`),
                      }}
                    />
                  </div>
                )}
                {body && (
                  <div>
                    <h4 className="text-sm font-semibold">Body ({body[0]})</h4>
                    <SchemaFields schema={body[1].schema} />
                  </div>
                )}
                <div>
                  <h4 className="text-sm font-semibold">Responses</h4>
                  <ul className="mt-1 space-y-1">
                    {Object.entries(details.responses).map(([status, response]) => (
                      <li key={status}>
                        <details className="text-sm">
                          <summary className="cursor-pointer break-words">
                            <span className="font-mono font-semibold">{status}</span> {response.description}
                          </summary>
                          {response.content?.["application/json"] && (
                            <div className="mt-1 pl-4">
                              <SchemaFields schema={response.content["application/json"].schema} />
                              {response.content["application/json"].examples?.example && (
                                <pre
                                  tabIndex={0}
                                  aria-label={`Example ${status} answer`}
                                  className="mt-2 max-h-80 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs text-slate-900"
                                >
                                  {JSON.stringify(response.content["application/json"].examples.example.value, null, 2)}
                                </pre>
                              )}
                            </div>
                          )}
                        </details>
                      </li>
                    ))}
                  </ul>
                </div>
              </article>
            );
          })}
        </section>
      ))}
    </main>
  );
}
