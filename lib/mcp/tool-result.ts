import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { UNREACHABLE_STATUS, type ApiAnswer } from "@/lib/mcp/api-call";
import { localRequestId } from "@/lib/mcp/request-id";
import type { ApiTool } from "@/lib/mcp/tools";

// What the agent reads back: a sentence first (for money tools: that nothing has moved and which link the human
// must open), then the API's exact body, as text for clients that show only text and as structuredContent.

type Body = Record<string, unknown>;
const isObject = (value: unknown): value is Body =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function toolResult(tool: ApiTool, answer: ApiAnswer, args: Record<string, unknown> = {}): CallToolResult {
  if (answer.status >= 400 || answer.status === UNREACHABLE_STATUS || !isObject(answer.body))
    return errorResult(answer);
  return textResult(summary(tool, answer.status, answer.body, args), answer.body);
}

/**
 * A failure: isError, with the error body as it came — the public API's (contract §1: error, code) or, from
 * /api/agent, OAuth's (error, error_description: authorization_pending, slow_down, invalid_grant, …).
 */
export function errorResult(answer: ApiAnswer): CallToolResult {
  const body = isObject(answer.body)
    ? answer.body
    : {
        error: "The API answered without a JSON body.",
        code: "INTERNAL_ERROR",
        requestId: localRequestId(),
        details: { reason: "not_json", status: answer.status },
      };
  const isOAuth = typeof body.error_description === "string";
  const code = isOAuth ? String(body.error) : typeof body.code === "string" ? body.code : "ERROR";
  const message = isOAuth ? String(body.error_description) : typeof body.error === "string" ? body.error : "";
  return {
    isError: true,
    content: [
      {
        type: "text",
        text: `${answer.status === UNREACHABLE_STATUS ? "No answer from the API" : `The API answered ${answer.status}`} ${code}: ${message}\n\n${json(body)}`,
      },
    ],
    structuredContent: body,
  };
}

export function textResult(sentence: string, body: Body): CallToolResult {
  return { content: [{ type: "text", text: `${sentence}\n\n${json(body)}` }], structuredContent: body };
}

function summary(tool: ApiTool, status: number, body: Body, args: Record<string, unknown>): string {
  if (tool.humanStep === "claim") return claimSentence(body, args.email);
  if (tool.successNote) return tool.successNote;
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

/** The claim's words: what the agent must give its human, and that the human signs in with exactly that email. */
function claimSentence(body: Body, email: unknown): string {
  const who = typeof email === "string" ? ` ${email.trim().toLowerCase()}` : "";
  return [
    `The claim has started; the account is not theirs until your human finishes it. Give your human this link and this code:`,
    `  link: ${String(body.verification_uri)}`,
    `  code: ${String(body.user_code)}`,
    `They must sign in (or sign up) with exactly the email${who}, open the link and type the code within ${String(body.expires_in)} s.${body.email_sent === true ? " The link was also emailed to them; the code was not." : ""}`,
    `Then call opentrain_wait_for_claim with your claim_token (it polls every ${String(body.interval)} s) to receive your post-claim token.`,
  ].join("\n");
}

const json = (body: unknown) => JSON.stringify(body, null, 2);
