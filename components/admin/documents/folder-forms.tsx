"use client";
import { useActionState, useId } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";

const errorOf = (s: FormState<unknown>, field?: string) => {
  const r = s.result;
  if (!r || r.ok) return undefined;
  return (field ? r.fieldErrors?.[field]?.[0] : undefined) ?? (field ? undefined : r.message);
};

/** Creates a folder (then opens it). */
export function NewFolderForm({ slug, action }: { slug: string; action: FormAction<unknown> }) {
  const id = useId();
  const [state, dispatch] = useActionState<FormState<unknown>, FormData>(action, {});
  return (
    <form action={dispatch} className="space-y-3">
      <HiddenFields slug={slug} />
      <Field id={`${id}-name`} label="Folder name" error={errorOf(state, "name")}>
        <Input id={`${id}-name`} name="name" required maxLength={120} defaultValue={state.values?.name} invalid={!!errorOf(state, "name")} placeholder="e.g. Tax documents" />
      </Field>
      <label className="flex items-start gap-2 text-sm text-gray-800">
        <input type="checkbox" name="clientUploads" className="mt-0.5" defaultChecked={state.values?.clientUploads === "on"} />
        <span>Clients who see this folder may upload files into it</span>
      </label>
      {state.result && !state.result.ok && !errorOf(state, "name") && <Alert tone="error">{errorOf(state)}</Alert>}
      <SubmitButton label="Create folder" pendingLabel="Creating…" />
    </form>
  );
}

/** Rename, open or close to uploads, delete (only when empty). */
export function FolderSettings({
  slug,
  folder,
  update,
  remove,
}: {
  slug: string;
  folder: { id: string; name: string; clientUploads: boolean; files: number };
  update: FormAction<unknown>;
  remove: FormAction<unknown>;
}) {
  const id = useId();
  const [state, dispatch] = useActionState<FormState<unknown>, FormData>(update, {});
  const [delState, delDispatch] = useActionState<FormState<unknown>, FormData>(remove, {});
  const saved = state.result?.ok;
  return (
    <div className="space-y-4">
      <form action={dispatch} className="space-y-3">
        <HiddenFields slug={slug} fields={{ folderId: folder.id, uploadsField: "1" }} />
        <Field id={`${id}-name`} label="Name" error={errorOf(state, "name")}>
          <Input id={`${id}-name`} name="name" required maxLength={120} defaultValue={state.values?.name ?? folder.name} invalid={!!errorOf(state, "name")} />
        </Field>
        <label className="flex items-start gap-2 text-sm text-gray-800">
          <input type="checkbox" name="clientUploads" className="mt-0.5" defaultChecked={folder.clientUploads} />
          <span>Clients who see this folder may upload files into it</span>
        </label>
        {saved && <Alert tone="success">Saved.</Alert>}
        {state.result && !state.result.ok && !errorOf(state, "name") && <Alert tone="error">{errorOf(state)}</Alert>}
        <SubmitButton variant="secondary" label="Save folder" pendingLabel="Saving…" />
      </form>
      <div className="border-t border-gray-100 pt-4">
        {delState.result && !delState.result.ok && <div className="mb-3"><Alert tone="error">{delState.result.message}</Alert></div>}
        <ConfirmForm
          slug={slug}
          label="Delete folder"
          variant="danger"
          question={folder.files > 0 ? `"${folder.name}" still has ${folder.files} file${folder.files === 1 ? "" : "s"}; delete them first.` : `Delete the empty folder "${folder.name}"? Clients lose it at once.`}
          confirmLabel="Delete folder"
          pendingLabel="Deleting…"
          action={delDispatch}
          fields={{ folderId: folder.id }}
        />
      </div>
    </div>
  );
}
