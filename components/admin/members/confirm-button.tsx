"use client";
import { useEffect, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";

/** A destructive action in two steps: the first click asks, the second does it; Cancel has focus so Enter is safe. */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  pendingLabel,
  onConfirm,
  disabled,
  variant = "secondary",
}: {
  label: string;
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm: () => Promise<void>;
  disabled?: boolean;
  variant?: "secondary" | "danger" | "ghost";
}) {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <Button type="button" variant={variant} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={question} className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 ring-1 ring-red-200">
      <span className="text-sm text-red-900">{question}</span>
      <button ref={cancelRef} type="button" className={buttonClass("secondary")} disabled={pending} onClick={() => setAsking(false)}>
        Cancel
      </button>
      <Button
        type="button"
        variant="danger"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            await onConfirm();
          } finally {
            setPending(false);
            setAsking(false);
          }
        }}
      >
        {pending ? pendingLabel : confirmLabel}
      </Button>
    </div>
  );
}
