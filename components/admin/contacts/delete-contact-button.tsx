"use client";
import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";

type Remove<R> = (prev: FormState<R>, data: FormData) => Promise<FormState<R>>;
const DIALOG_ID = "delete-contact-dialog";
// Invoker commands open and close the dialog with no script at all (before hydration, or without JavaScript, in
// browsers that have them); the onClick handlers do the same where they are missing.
const opens = { commandfor: DIALOG_ID, command: "show-modal" } as Record<string, string>;
const closes = { commandfor: DIALOG_ID, command: "close" } as Record<string, string>;

/** A modal dialog (focus stays inside, Escape cancels, Cancel has focus) whose Delete is a real form POST. */
export function DeleteContactButton<R>({ slug, contactId, name, remove }: { slug: string; contactId: string; name: string; remove: Remove<R> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState<FormState<R>, FormData>(remove, {});
  const res = state.result;
  const gone = res && !res.ok && res.code === "NOT_FOUND";
  const error = res && !res.ok ? (gone ? "This contact was already deleted, perhaps by someone else." : res.message) : undefined;
  // A refusal is shown beside the button, so the dialog steps aside for it.
  useEffect(() => {
    if (error) dialog.current?.close();
  }, [error, res]);
  return (
    <>
      {error && (
        <Alert tone="error">
          {error}{" "}
          {gone && (
            <Link href={`/w/${slug}/contacts`} className="font-medium underline">
              Back to the list
            </Link>
          )}
        </Alert>
      )}
      <Button type="button" variant="danger" {...opens} onClick={() => dialog.current?.open || dialog.current?.showModal()}>
        Delete contact
      </Button>
      <dialog
        ref={dialog}
        id={DIALOG_ID}
        aria-labelledby="delete-title"
        aria-describedby="delete-desc"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40"
      >
        <form action={formAction} className="space-y-4 p-6">
          <input type="hidden" name={SLUG_FIELD} value={slug} />
          <input type="hidden" name="id" value={contactId} />
          <h2 id="delete-title" className="text-lg font-semibold text-gray-900">
            Delete {name}?
          </h2>
          <p id="delete-desc" className="text-sm text-gray-600">
            Their portal access and the documents shared with them are deleted too. This cannot be undone.
          </p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" autoFocus {...closes} onClick={() => dialog.current?.close()} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Deleting…" : "Delete contact"}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
