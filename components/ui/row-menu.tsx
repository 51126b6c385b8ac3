"use client";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Button, buttonClass } from "./button";

export type RowMenuItem = {
  label: string;
  onSelect: () => void | Promise<void>;
  disabled?: boolean;
  /** Destructive: shown last, apart and red, and asks before it runs. */
  confirm?: { question: string; confirmLabel: string; pendingLabel?: string };
};

/**
 * A row's secondary actions behind one "…" button (WAI-ARIA menu button: arrow keys, Home/End, Escape, focus back
 * on the button). An item with `confirm` is destructive: it sits last, apart and red, and opens a modal dialog.
 */
export function RowMenu({ label, items }: { label: string; items: RowMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState<RowMenuItem | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const safe = items.filter((i) => !i.confirm);
  const destructive = items.filter((i) => i.confirm);
  const ordered = [...safe, ...destructive];

  const itemEls = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    itemEls()[0]?.focus();
    const outside = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  useEffect(() => {
    const d = dialogRef.current;
    if (asking && d && !d.open) d.showModal();
  }, [asking]);

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    const els = itemEls();
    const at = els.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => els[(i + els.length) % els.length]?.focus();
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(els.length - 1);
    else if (e.key === "Escape") close(true);
    else if (e.key === "Tab") setOpen(false);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  }

  function choose(item: RowMenuItem) {
    close(!item.confirm);
    if (item.confirm) setAsking(item);
    else void item.onSelect();
  }

  function endAsking() {
    dialogRef.current?.close();
    setAsking(null);
    buttonRef.current?.focus();
  }

  return (
    <div className="relative inline-block text-left">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={label}
        className={buttonClass("secondary", "px-2.5!")}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <circle cx="4" cy="10" r="1.6" />
          <circle cx="10" cy="10" r="1.6" />
          <circle cx="16" cy="10" r="1.6" />
        </svg>
      </button>
      {open && (
        <div
          ref={menuRef}
          id={`${id}-menu`}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-20 mt-1 w-56 max-w-[calc(100vw-2rem)] rounded-md bg-white py-1 shadow-lg ring-1 ring-gray-200"
        >
          {ordered.map((item, i) => (
            <div key={item.label}>
              {item.confirm && i === safe.length && safe.length > 0 && <div role="separator" className="my-1 border-t border-gray-100" />}
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                disabled={item.disabled}
                onClick={() => choose(item)}
                className={`block w-full px-3 py-2 text-left text-sm focus:outline-none disabled:text-gray-400 ${
                  item.confirm ? "font-medium text-red-700 hover:bg-red-50 focus:bg-red-50" : "text-gray-800 hover:bg-gray-100 focus:bg-gray-100"
                }`}
              >
                {item.label}
              </button>
            </div>
          ))}
        </div>
      )}
      {asking?.confirm && (
        <dialog
          ref={dialogRef}
          aria-labelledby={`${id}-q`}
          onCancel={(e) => {
            e.preventDefault();
            if (!pending) endAsking();
          }}
          className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40"
        >
          <div className="space-y-4 p-5">
            <p id={`${id}-q`} className="text-sm text-gray-900">
              {asking.confirm.question}
            </p>
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" autoFocus className={buttonClass("secondary")} disabled={pending} onClick={endAsking}>
                Cancel
              </button>
              <Button
                type="button"
                variant="danger"
                disabled={pending}
                onClick={async () => {
                  setPending(true);
                  try {
                    await asking.onSelect();
                  } finally {
                    setPending(false);
                    endAsking();
                  }
                }}
              >
                {pending ? (asking.confirm.pendingLabel ?? "Working…") : asking.confirm.confirmLabel}
              </Button>
            </div>
          </div>
        </dialog>
      )}
    </div>
  );
}
