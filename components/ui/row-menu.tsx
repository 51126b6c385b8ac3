"use client";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { buttonClass } from "./button";
import { ConfirmDialog, HiddenFields, invoke } from "./confirm-form";

export type RowMenuItem = {
  label: string;
  /** A real form POST, so the item works before hydration: the form's action (a useActionState dispatcher, not a
   * wrapper, or it cannot post without script) and the fields it posts. */
  action: (data: FormData) => void;
  /** Runs as the form is sent, with JavaScript. */
  onPost?: () => void;
  fields: Record<string, string>;
  disabled?: boolean;
  /** Destructive: shown last, apart and red, and asks before it runs. */
  confirm?: { question: string; confirmLabel: string; pendingLabel?: string };
};

/**
 * A row's secondary actions behind one "…" button (WAI-ARIA menu button once hydrated: arrow keys, Home/End, Escape,
 * focus back on the button). It is a <details>, so the menu opens before the page's JavaScript has loaded, and each
 * item is a form POST. An item with `confirm` is destructive: it sits last, apart and red, and opens a modal dialog
 * (an invoker command, so that needs no script either).
 */
export function RowMenu({ slug, label, items }: { slug: string; label: string; items: RowMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const buttonRef = useRef<HTMLElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const safe = items.filter((i) => !i.confirm);
  const destructive = items.filter((i) => i.confirm);
  const ordered = [...safe, ...destructive];
  const dialogId = (i: number) => `${id}-confirm-${i}`;

  const itemEls = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    itemEls()[0]?.focus();
    const outside = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

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

  const itemClass = (destructive: boolean) =>
    `block w-full px-3 py-2 text-left text-sm focus:outline-none disabled:text-gray-400 ${
      destructive ? "font-medium text-red-700 hover:bg-red-50 focus:bg-red-50" : "text-gray-800 hover:bg-gray-100 focus:bg-gray-100"
    }`;

  return (
    <div ref={wrapRef} className="relative inline-block text-left">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary
          ref={buttonRef}
          role="button"
          tabIndex={0}
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={`${id}-menu`}
          aria-label={label}
          className={buttonClass("secondary", "cursor-pointer list-none px-2.5! [&::-webkit-details-marker]:hidden")}
          onClick={(e) => {
            e.preventDefault();
            setOpen((o) => !o);
          }}
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
        </summary>
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
              {item.confirm ? (
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  disabled={item.disabled}
                  {...invoke(dialogId(i), "show-modal")}
                  onClick={() => {
                    close(false);
                    const d = document.getElementById(dialogId(i)) as HTMLDialogElement | null;
                    if (d && !d.open) d.showModal();
                  }}
                  className={itemClass(true)}
                >
                  {item.label}
                </button>
              ) : (
                <form action={item.action} onSubmit={item.onPost}>
                  <HiddenFields slug={slug} fields={item.fields} />
                  <button type="submit" role="menuitem" tabIndex={-1} disabled={item.disabled} onClick={() => close(true)} className={itemClass(false)}>
                    {item.label}
                  </button>
                </form>
              )}
            </div>
          ))}
        </div>
      </details>
      {ordered.map((item, i) =>
        item.confirm ? (
          <ConfirmDialog
            key={item.label}
            id={dialogId(i)}
            slug={slug}
            question={item.confirm.question}
            confirmLabel={item.confirm.confirmLabel}
            pendingLabel={item.confirm.pendingLabel ?? "Working…"}
            action={item.action}
            fields={item.fields}
            onClose={() => buttonRef.current?.focus()}
            onPost={item.onPost}
          />
        ) : null,
      )}
    </div>
  );
}
