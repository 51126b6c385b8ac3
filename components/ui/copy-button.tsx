"use client";
import { useState } from "react";
import { buttonClass } from "./button";

/** Copies a value and says so where a screen reader hears it too. */
export function CopyButton({ value, label = "Copy", ariaLabel, small }: { value: string; label?: string; ariaLabel?: string; small?: boolean }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <>
      <button
        type="button"
        className={buttonClass("secondary", small ? "px-2! py-1! text-xs!" : "")}
        aria-label={ariaLabel && state === "idle" ? ariaLabel : undefined}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setState("copied");
          } catch {
            setState("failed");
          }
          setTimeout(() => setState("idle"), 2500);
        }}
      >
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select and copy" : label}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : ""}
      </span>
    </>
  );
}
