"use client";
import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton, invoke } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";

const DIALOG_ID = "delete-opportunity-dialog";

/**
 * Delete in two steps: a modal dialog whose form is a real POST (works before hydration) and must have its box
 * ticked, because the requests, answers and documents go with the opportunity.
 */
export function DeleteOpportunity({ slug, id, name, requestCount, remove }: { slug: string; id: string; name: string; requestCount: number; remove: FormAction<unknown> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction] = useActionState<FormState<unknown>, FormData>(remove, {});
  const res = state.result;
  const error = res && !res.ok ? (res.code === "NOT_FOUND" ? "This opportunity was already deleted, perhaps by someone else." : (res.fieldErrors?.confirm?.[0] ?? res.message)) : undefined;
  useEffect(() => {
    if (error) dialog.current?.close();
  }, [error, res]);
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <Button type="button" variant="danger" {...invoke(DIALOG_ID, "show-modal")} onClick={() => dialog.current?.open || dialog.current?.showModal()}>
        Delete opportunity
      </Button>
      <dialog ref={dialog} id={DIALOG_ID} aria-labelledby={`${DIALOG_ID}-title`} className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40">
        <form action={formAction} className="space-y-4 p-6">
          <HiddenFields slug={slug} fields={{ id }} />
          <h2 id={`${DIALOG_ID}-title`} className="text-lg font-semibold break-words text-gray-900">
            Delete {name}?
          </h2>
          <p className="text-sm text-gray-600">
            {requestCount === 0
              ? "Its applicant list is deleted too. The contacts themselves stay."
              : `Its ${requestCount === 1 ? "request" : `${requestCount} requests`}, with every answer and uploaded document, ${requestCount === 1 ? "is" : "are"} deleted too, and clients lose access to them at once. The contacts themselves stay.`}{" "}
            This cannot be undone.
          </p>
          <label className="flex items-start gap-2 text-sm text-gray-900">
            <input type="checkbox" name="confirm" value="yes" required className="mt-0.5 h-4 w-4 rounded border-gray-300 text-brand-600" />
            <span>I understand that this deletes the opportunity{requestCount > 0 ? " and its requests, answers and documents" : ""}.</span>
          </label>
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" autoFocus {...invoke(DIALOG_ID, "close")} onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <SubmitButton variant="danger" label="Delete opportunity" pendingLabel="Deleting…" />
          </div>
        </form>
      </dialog>
    </div>
  );
}
