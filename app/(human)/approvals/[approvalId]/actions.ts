"use server";
import { revalidatePath } from "next/cache";
import type { ActionResultState } from "@/components/action-result";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import {
  cancelMessage,
  confirmApproval,
  declineApproval,
  type ConfirmChoices,
  type Resolution,
} from "@/lib/approvals/resolve-approval";
import { settlement } from "@/lib/contracts/schemas";
import { usdToCents } from "@/lib/money";
import { hireAdjustment } from "@/lib/proposals/schemas";
import { auth } from "@/lib/auth/auth";
import { formArgument, formText, idArgument } from "@/lib/http/action-input";
import { storableText } from "@/lib/text";

export type ApprovalActionState = ActionResultState;

const OUTCOME_MESSAGES: Record<string, string> = {
  confirmed: "Confirmed. The money has moved.",
  declined: "Declined. The agent will see your decision.",
  expired: "This approval expired before it was confirmed. Nothing moved.",
  cancelled: "This approval was cancelled. Nothing moved.",
};

function describe(resolution: Resolution, asked: "confirmed" | "declined"): ApprovalActionState {
  if (resolution.cancelReason)
    return { tone: "error", message: `Not confirmed: ${cancelMessage(resolution.cancelReason)} Nothing moved.` };
  if (resolution.isMine) return { tone: "success", message: OUTCOME_MESSAGES[resolution.outcome] };
  // Someone (or the clock) got there first: say what really happened.
  const already = resolution.outcome === asked ? `Already ${asked}.` : OUTCOME_MESSAGES[resolution.outcome];
  return { tone: "info", message: already };
}

async function run(
  approvalId: string,
  asked: "confirmed" | "declined",
  act: (humanId: string) => Promise<Resolution>,
): Promise<ApprovalActionState> {
  const humanId = (await auth())?.user?.id;
  if (!humanId) return { tone: "error", message: "Your session has ended. Sign in again to continue." };
  try {
    const resolution = await act(humanId);
    return describe(resolution, asked);
  } catch (error) {
    if (error instanceof ApiError)
      return { tone: "error", message: error.code === "NOT_FOUND" ? "This approval was not found." : error.message };
    throw error;
  } finally {
    revalidatePath(`/approvals/${approvalId}`);
    revalidatePath("/approvals");
  }
}

const NOT_FOUND: ApprovalActionState = { tone: "error", message: "This approval was not found." };
const UNREADABLE: ApprovalActionState = {
  tone: "error",
  message: "The form could not be read. Reload the page and try again.",
};
const SETTLEMENT_FIELD = "settlement:";

/**
 * What the human chose beyond "confirm", from the confirm form: a hire's adjusted first milestone (the same rules as
 * the agent's body), an end's refund-or-release per milestone. The executor uses what its type needs and ignores
 * the rest — a settlement for a milestone the end does not cover changes nothing.
 */
function choicesFrom(form: FormData): { choices: ConfirmChoices } | { error: string } {
  const choices: ConfirmChoices = {};
  if (form.has("milestoneAmount")) {
    const parsed = hireAdjustment.safeParse({
      name: formText(form, "milestoneName"),
      description: formText(form, "milestoneDescription"),
      amount: formText(form, "milestoneAmount"),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { error: `Milestone ${String(issue.path[0] ?? "")}: ${issue.message}.` };
    }
    choices.milestone = {
      name: parsed.data.name,
      description: parsed.data.description,
      amountCents: usdToCents(parsed.data.amount),
    };
  }
  for (const [key, value] of form.entries()) {
    if (!key.startsWith(SETTLEMENT_FIELD)) continue;
    const chosen = settlement.safeParse(value);
    if (!chosen.success) return { error: "Choose refund or release for each milestone." };
    (choices.settlements ??= {})[key.slice(SETTLEMENT_FIELD.length)] = chosen.data;
  }
  return { choices };
}

/**
 * The bound approval id and the form, checked: the id is bound into the page's forms, but a caller can send any
 * value in place of either (lib/http/action-input.ts).
 */
function actionArguments(
  boundId: unknown,
  input: unknown,
): { approvalId: string; form: FormData } | ApprovalActionState {
  const approvalId = idArgument(boundId);
  if (!approvalId) return NOT_FOUND;
  const form = formArgument(input);
  if (!form) return UNREADABLE;
  return { approvalId, form };
}

export async function confirmAction(
  boundId: string,
  _prev: ApprovalActionState,
  input: FormData,
): Promise<ApprovalActionState> {
  const checked = actionArguments(boundId, input);
  if (!("approvalId" in checked)) return checked;
  const { approvalId, form } = checked;
  const parsed = choicesFrom(form);
  if ("error" in parsed) return { tone: "error", message: parsed.error };
  return run(approvalId, "confirmed", (humanId) => confirmApproval({ approvalId, humanId, choices: parsed.choices }));
}

const declineReason = storableText.pipe(z.string().trim().max(500, "Keep the reason under 500 characters."));

export async function declineAction(
  boundId: string,
  _prev: ApprovalActionState,
  input: FormData,
): Promise<ApprovalActionState> {
  const checked = actionArguments(boundId, input);
  if (!("approvalId" in checked)) return checked;
  const { approvalId, form } = checked;
  const reason = declineReason.safeParse(formText(form, "reason"));
  if (!reason.success) return { tone: "error", message: reason.error.issues[0].message };
  return run(approvalId, "declined", (humanId) =>
    declineApproval({ approvalId, humanId, reason: reason.data || undefined }),
  );
}
