"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import type { ContactAction } from "./types";

/** Opens a modal dialog (focus stays inside, Escape cancels, Cancel has focus) before deleting for good. */
export function DeleteContactButton({
  slug,
  contactId,
  name,
  remove,
}: {
  slug: string;
  contactId: string;
  name: string;
  remove: ContactAction<{ id: string }, { id: string }>;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function confirm() {
    setPending(true);
    setError(undefined);
    const res = await remove(slug, { id: contactId });
    setPending(false);
    if (res.ok || res.code === "NOT_FOUND") {
      dialog.current?.close();
      router.push(`/w/${slug}/contacts?notice=deleted`);
      router.refresh();
      return;
    }
    setError(res.message);
  }

  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Delete contact
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        aria-describedby="delete-desc"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40"
      >
        <div className="space-y-4 p-6">
          <h2 id="delete-title" className="text-lg font-semibold text-gray-900">
            Delete {name}?
          </h2>
          <p id="delete-desc" className="text-sm text-gray-600">
            Their portal access and the documents shared with them are deleted too. This cannot be undone.
          </p>
          {error && <Alert tone="error">{error}</Alert>}
          <div className="flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" autoFocus onClick={() => dialog.current?.close()} disabled={pending}>
              Cancel
            </Button>
            <Button type="button" variant="danger" onClick={confirm} disabled={pending}>
              {pending ? "Deleting…" : "Delete contact"}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
