"use server";
import { revalidatePath } from "next/cache";
import type { ActionResultState } from "@/components/action-result";
import { ApiError } from "@/lib/api/errors";
import { auth } from "@/lib/auth/auth";
import { cancelTopUp, completeTopUp, type TopUpResolution } from "@/lib/credits/complete-top-up";
import { idArgument } from "@/lib/http/action-input";
import { formatUsd } from "@/lib/money";

export type CheckoutActionState = ActionResultState;

function describe({ topUp, outcome, isMine }: TopUpResolution): CheckoutActionState {
  if (outcome === "COMPLETED") {
    return isMine
      ? { tone: "success", message: `Paid. ${formatUsd(topUp.amountCents)} was added to the available balance.` }
      : { tone: "info", message: "Already paid. The money was added once; nothing more moved." };
  }
  if (outcome === "CANCELED")
    return isMine
      ? { tone: "success", message: "Canceled. Nothing was charged." }
      : { tone: "info", message: "This checkout was canceled. Nothing moved." };
  if (outcome === "EXPIRED")
    return { tone: "info", message: "This checkout expired before it was paid. Nothing moved." };
  return { tone: "info", message: "This checkout is still waiting." };
}

const NOT_FOUND: CheckoutActionState = { tone: "error", message: "This checkout was not found." };

// The top-up id is bound into the page's forms, but a caller can send any value in its place (lib/http/action-input.ts).
async function run(
  boundId: unknown,
  act: (topUpId: string, humanId: string) => Promise<TopUpResolution>,
): Promise<CheckoutActionState> {
  const topUpId = idArgument(boundId);
  if (!topUpId) return NOT_FOUND;
  const humanId = (await auth())?.user?.id;
  if (!humanId) return { tone: "error", message: "Your session has ended. Sign in again to continue." };
  try {
    return describe(await act(topUpId, humanId));
  } catch (error) {
    if (error instanceof ApiError)
      return error.code === "NOT_FOUND" ? NOT_FOUND : { tone: "error", message: error.message };
    throw error;
  } finally {
    revalidatePath(`/billing/checkout/${topUpId}`);
    revalidatePath("/billing");
  }
}

// POST-only (server actions), so the checkout link's GET — which mail scanners and link previews fetch — never pays.
export async function payCheckoutAction(
  boundId: string,
  _prev: CheckoutActionState,
  _form: FormData,
): Promise<CheckoutActionState> {
  return run(boundId, (topUpId, humanId) => completeTopUp({ topUpId, humanId }));
}

export async function cancelCheckoutAction(
  boundId: string,
  _prev: CheckoutActionState,
  _form: FormData,
): Promise<CheckoutActionState> {
  return run(boundId, (topUpId, humanId) => cancelTopUp({ topUpId, humanId }));
}
