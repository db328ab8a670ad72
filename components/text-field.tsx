import { useId } from "react";

const INPUT_LOOK = "block w-full rounded-md border border-slate-300 px-3 py-2 text-base";

type InputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, "id" | "className" | "aria-describedby">;

/**
 * One labelled text input, the same on every form: the visible label names it (what people and tests find it by),
 * a hint and an error are read with it through aria-describedby, and an error marks it invalid. Everything else an
 * input takes (name, type, autoComplete, required, pattern …) passes through, so the browser's own checks and
 * autofill keep working without JavaScript.
 */
export function TextField({
  label,
  hint,
  error,
  id,
  inputClassName = INPUT_LOOK,
  ...input
}: InputProps & {
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  /** An id of the caller's choosing; a generated one otherwise. */
  id?: string;
  /** Replaces the input's look (the claim code's large digits). */
  inputClassName?: string;
}) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        {...input}
        id={inputId}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        className={`mt-1 ${inputClassName}`}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
