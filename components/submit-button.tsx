"use client";
import { useFormStatus } from "react-dom";

/** A submit button that shows progress and cannot be pressed twice while its form is in flight. */
export function SubmitButton({
  children,
  pendingText,
  className,
  name,
  value,
  describedBy,
}: {
  children: React.ReactNode;
  pendingText: string;
  className?: string;
  name?: string;
  value?: string;
  /** The id of a note the button should be read with ("This cannot be undone."). */
  describedBy?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={pending}
      aria-busy={pending}
      aria-describedby={describedBy}
      className={`${className ?? ""} disabled:cursor-wait disabled:opacity-60`}
    >
      {pending ? pendingText : children}
    </button>
  );
}
