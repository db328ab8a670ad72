import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ApiAnswer } from "@/lib/mcp/api-call";
import type { ApiTool } from "@/lib/mcp/tools";

// What the agent reads back: a sentence first (for money tools: that nothing has moved and which link the human
// must open), then the API's exact body, as text for clients that show only text and as structuredContent.

type Body = Record<string, unknown>;
const isObject = (value: unknown): value is Body =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function toolResult(tool: ApiTool, answer: ApiAnswer): CallToolResult {
  if (answer.status >= 400 || !isObject(answer.body)) return errorResult(answer);
  return textResult(summary(tool, answer.status, answer.body), answer.body);
}

/** A failure: isError, with the API's error body (contract §1) as it came. */
export function errorResult(answer: ApiAnswer): CallToolResult {
  const body = isObject(answer.body)
    ? answer.body
    : { error: "The API answered without a JSON body.", code: "NOT_JSON" };
  const code = typeof body.code === "string" ? body.code : "ERROR";
  const message = typeof body.error === "string" ? body.error : "";
  return {
    isError: true,
    content: [{ type: "text", text: `The API answered ${answer.status} ${code}: ${message}\n\n${json(body)}` }],
    structuredContent: body,
  };
}

export function textResult(sentence: string, body: Body): CallToolResult {
  return { content: [{ type: "text", text: `${sentence}\n\n${json(body)}` }], structuredContent: body };
}

function summary(tool: ApiTool, status: number, body: Body): string {
  if (tool.humanStep === "approval" && isObject(body.approval)) return approvalSentence(body.approval);
  if (tool.humanStep === "approval")
    return "Done at once: nothing was funded, so no money moved and no human step is needed.";
  if (tool.humanStep === "checkout" && typeof body.checkoutUrl === "string")
    return `Nothing has been charged yet. Show this link to your human: a signed-in owner of the account must open it and pay before any credit is added: ${body.checkoutUrl}`;
  return `The API answered ${status}.`;
}

/** The words every money tool's result starts with: nothing has moved, and the link the human must open. */
export function approvalSentence(approval: Body): string {
  return [
    `Nothing has moved yet: approval ${String(approval.id)} is ${String(approval.status)}.`,
    `Show this link to your human; a signed-in human must open it and confirm before any money moves: ${String(approval.approvalUrl)}`,
    `Then call opentrain_wait_for_approval with approvalId "${String(approval.id)}" to learn the outcome.`,
  ].join("\n");
}

const json = (body: unknown) => JSON.stringify(body, null, 2);
