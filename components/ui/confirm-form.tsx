"use client";
import { startTransition, useEffect, useId, useRef, type FormEvent } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "./button";
import { SLUG_FIELD } from "@/lib/actions/form-state";

/** HTML invoker commands open and close a dialog with no script (before hydration); onClick does it where missing. */
export const invoke = (id: string, command: "show-modal" | "close") => ({ commandfor: id, command }) as Record<string, string>;

/**
 * A form's onSubmit that sends its fields to the action itself once hydrated, so React does not reset the form
 * afterwards (it resets a form whose `action` it ran, wiping what was typed when the server refused it). Before
 * hydration the form's `action` is an ordinary POST and this never runs.
 */
export const submitKeepingInput = (dispatch: (data: FormData) => void, onPost?: () => void) => (e: FormEvent<HTMLFormElement>) => {
  if (e.defaultPrevented) return;
  e.preventDefault();
  onPost?.();
  const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
  startTransition(() => dispatch(data));
};

/** Hidden inputs: the workspace slug and the fields a form posts as they are. */
export function HiddenFields({ slug, fields }: { slug: string; fields?: Record<string, string> }) {
  return (
    <>
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      {Object.entries(fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

/** A submit button that says it is working while its form's action runs (needs no script to submit). */
export function SubmitButton({ label, pendingLabel, variant = "primary", disabled, className, ...rest }: { label: string; pendingLabel: string; variant?: "primary" | "secondary" | "danger"; disabled?: boolean; className?: string } & Record<string, unknown>) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={disabled || pending} className={className} {...rest}>
      {pending ? pendingLabel : label}
    </Button>
  );
}

/** Closes the dialog around it once its form's action has finished (with JavaScript; a plain POST reloads the page). */
function CloseWhenDone({ dialog }: { dialog: React.RefObject<HTMLDialogElement | null> }) {
  const { pending } = useFormStatus();
  const was = useRef(false);
  useEffect(() => {
    if (was.current && !pending) dialog.current?.close();
    was.current = pending;
  }, [pending, dialog]);
  return null;
}

/**
 * A destructive action in two steps: the button opens a modal dialog (focus inside, Escape cancels, Cancel has focus)
 * whose confirm button is a real form POST, so it works before hydration. The caller's `useActionState` owns the
 * result, so a message outlives the row it was about.
 */
export function ConfirmForm({
  slug,
  label,
  question,
  confirmLabel,
  pendingLabel,
  action,
  fields,
  variant = "secondary",
  disabled,
  ariaLabel,
  onPost,
}: {
  slug: string;
  label: string;
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  action: (data: FormData) => void;
  fields: Record<string, string>;
  variant?: "secondary" | "danger" | "ghost";
  disabled?: boolean;
  ariaLabel?: string;
  /** Runs as the form is sent (with JavaScript), e.g. to say whose result to show. */
  onPost?: () => void;
}) {
  const id = `confirm-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button type="button" variant={variant} disabled={disabled} aria-label={ariaLabel} {...invoke(id, "show-modal")} onClick={() => dialog.current?.open || dialog.current?.showModal()}>
        {label}
      </Button>
      <ConfirmDialog id={id} dialogRef={dialog} slug={slug} question={question} confirmLabel={confirmLabel} pendingLabel={pendingLabel} action={action} fields={fields} onPost={onPost} />
    </>
  );
}

/** The dialog half of `ConfirmForm`, for an opener of the caller's own (a menu item). */
export function ConfirmDialog({
  id,
  dialogRef: given,
  slug,
  question,
  confirmLabel,
  pendingLabel,
  action,
  fields,
  onClose,
  onPost,
}: {
  id: string;
  dialogRef?: React.RefObject<HTMLDialogElement | null>;
  slug: string;
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  action: (data: FormData) => void;
  fields: Record<string, string>;
  onClose?: () => void;
  onPost?: () => void;
}) {
  const own = useRef<HTMLDialogElement>(null);
  const dialogRef = given ?? own;
  return (
    <dialog
      ref={dialogRef}
      id={id}
      aria-labelledby={`${id}-q`}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 text-left shadow-xl backdrop:bg-gray-900/40"
    >
      {/* `action` must be the useActionState dispatcher itself: only that renders as a real POST before hydration. */}
      <form action={action} onSubmit={onPost} className="space-y-4 p-5">
        <HiddenFields slug={slug} fields={fields} />
        <CloseWhenDone dialog={dialogRef} />
        <p id={`${id}-q`} className="text-sm text-gray-900">
          {question}
        </p>
        <div className="flex flex-wrap justify-end gap-2">
          <Button type="button" variant="secondary" autoFocus {...invoke(id, "close")} onClick={() => dialogRef.current?.close()}>
            Cancel
          </Button>
          <SubmitButton variant="danger" label={confirmLabel} pendingLabel={pendingLabel} />
        </div>
      </form>
    </dialog>
  );
}
