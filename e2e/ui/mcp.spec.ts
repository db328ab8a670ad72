import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { fixtures, signInQuickly } from "../support/state";

// An agent on MCP (the official SDK's client, over Streamable HTTP at /api/mcp and over stdio through
// bin/cosign-mcp.mjs) and a human in Chromium: the agent asks for a funding and then a release through the tools,
// waits with opentrain_wait_for_approval while the human confirms each on the approval page, and sees both confirmed.
const fx = fixtures();
const owner = fx.humans[0];

type ToolResult = Awaited<ReturnType<Client["callTool"]>>;
type Approval = { id: string; status: string; approvalUrl: string };
const approvalOf = (result: ToolResult) => (result.structuredContent as { approval: Approval }).approval;
const textOf = (result: ToolResult) =>
  (result.content as { type: string; text: string }[]).map((part) => part.text).join("\n");

const BIN = path.join(import.meta.dirname, "../../bin/cosign-mcp.mjs");

for (const door of ["Streamable HTTP", "stdio"] as const) {
  test(`an MCP agent (${door}) funds and releases a milestone while a human confirms each in the browser`, async ({
    page,
    baseURL,
  }) => {
    const offered: string[] = [];
    const client = new Client({ name: "e2e-agent", version: "1.0.0" }, { capabilities: { elicitation: { url: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode === "url") offered.push(request.params.url);
      return { action: "accept" };
    });
    await client.connect(
      door === "stdio"
        ? new StdioClientTransport({
            command: process.execPath,
            args: [BIN],
            env: {
              PATH: process.env.PATH ?? "",
              OPENTRAIN_API_BASE_URL: baseURL!,
              OPENTRAIN_PERSONAL_API_TOKEN: fx.tokens.full,
            },
            stderr: "ignore",
          })
        : new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), {
            requestInit: { headers: { authorization: `Bearer ${fx.tokens.full}` } },
          }),
    );
    try {
      // A milestone of its own (other specs share this server and its demo milestones).
      const created = await client.callTool({
        name: "opentrain_create_milestone",
        arguments: { contractId: fx.contracts.active, description: "MCP end to end", amountUsd: 3.25 },
      });
      expect(created.isError).toBeFalsy();
      const milestoneId = (created.structuredContent as { milestone: { id: string } }).milestone.id;
      await signInQuickly(page, owner.email, owner.password);

      for (const [tool, button] of [
        ["opentrain_request_milestone_funding", "Confirm and fund $3.25"],
        ["opentrain_request_milestone_approval", "Confirm and release $3.25"],
      ] as const) {
        const asked = await client.callTool({ name: tool, arguments: { milestoneId } });
        expect(asked.isError).toBeFalsy();
        const approval = approvalOf(asked);
        expect(approval.status).toBe("pending");
        expect(textOf(asked)).toContain(`Nothing has moved yet`);
        expect(textOf(asked)).toContain(approval.approvalUrl);

        const progress: string[] = [];
        const waiting = client.callTool(
          { name: "opentrain_wait_for_approval", arguments: { approvalId: approval.id, timeoutSeconds: 120 } },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)), resetTimeoutOnProgress: true, timeout: 150_000 },
        );
        await expect.poll(() => progress.length, { timeout: 20_000 }).toBeGreaterThan(0);
        await expect.poll(() => offered.includes(approval.approvalUrl), { timeout: 20_000 }).toBe(true);

        // The human opens the link the agent was given and confirms.
        await page.goto(new URL(approval.approvalUrl).pathname);
        await page.getByRole("button", { name: button }).click();
        await expect(page.getByTestId("action-result")).toHaveText("Confirmed. The money has moved.");

        const waited = await waiting;
        expect(waited.isError).toBeFalsy();
        expect(waited.structuredContent).toMatchObject({
          isFinal: true,
          approval: { id: approval.id, status: "confirmed" },
        });
      }
      const contract = await client.callTool({
        name: "opentrain_get_contract",
        arguments: { contractId: fx.contracts.active },
      });
      const milestones = (contract.structuredContent as { contract: { milestones: { id: string; status: string }[] } })
        .contract.milestones;
      expect(milestones.find((m) => m.id === milestoneId)?.status).toBe("COMPLETED");
    } finally {
      await client.close();
    }
  });
}
