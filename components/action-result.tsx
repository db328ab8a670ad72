/** What a human's action (confirm, decline, pay, cancel) answers: how it went and what to tell them. */
export type ActionResultState = { tone?: "success" | "info" | "error"; message?: string };

/** A server action as a form's useActionState takes it. */
export type FormAction<State> = (prev: State, form: FormData) => Promise<State>;

const TONES = {
  success: "bg-emerald-50 text-emerald-900",
  info: "bg-blue-50 text-blue-900",
  error: "bg-rose-50 text-rose-900",
};

/** The answer of the last action, announced politely (role=status): nothing while there is none. */
export function ActionResult({ state, testId }: { state: ActionResultState; testId: string }) {
  if (!state.message) return null;
  return (
    <p
      role="status"
      data-testid={testId}
      className={`rounded-md px-3 py-2 text-sm font-medium ${TONES[state.tone ?? "info"]}`}
    >
      {state.message}
    </p>
  );
}
