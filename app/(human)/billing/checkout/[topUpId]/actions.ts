"use server";
import { revalidatePath } from "next/cache";
import type { ActionResultState } from "@/components/action-result";
import { ApiError } from "@/lib/api/errors";
import { auth } from "@/lib/auth/auth";
import { cancelTopUp, completeTopUp, type TopUpResolution } from "@/lib/credits/complete-top-up";
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

async function run(topUpId: string, act: (humanId: string) => Promise<TopUpResolution>): Promise<CheckoutActionState> {
  const humanId = (await auth())?.user?.id;
  if (!humanId) return { tone: "error", message: "Your session has ended. Sign in again to continue." };
  try {
    return describe(await act(humanId));
  } catch (error) {
    if (error instanceof ApiError)
      return { tone: "error", message: error.code === "NOT_FOUND" ? "This checkout was not found." : error.message };
    throw error;
  } finally {
    revalidatePath(`/billing/checkout/${topUpId}`);
    revalidatePath("/billing");
  }
}

// POST-only (server actions), so the checkout link's GET — which mail scanners and link previews fetch — never pays.
export async function payCheckoutAction(
  topUpId: string,
  _prev: CheckoutActionState,
  _form: FormData,
): Promise<CheckoutActionState> {
  return run(topUpId, (humanId) => completeTopUp({ topUpId, humanId }));
}

export async function cancelCheckoutAction(
  topUpId: string,
  _prev: CheckoutActionState,
  _form: FormData,
): Promise<CheckoutActionState> {
  return run(topUpId, (humanId) => cancelTopUp({ topUpId, humanId }));
}
