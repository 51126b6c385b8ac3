"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";

/** Deletes a file after a confirmation; clients lose it at once. */
export function DeleteFile({ slug, file, action }: { slug: string; file: { id: string; name: string }; action: FormAction<unknown> }) {
  const [state, dispatch] = useActionState<FormState<unknown>, FormData>(action, {});
  return (
    <div className="space-y-2">
      {state.result && !state.result.ok && <Alert tone="error">{state.result.message}</Alert>}
      <ConfirmForm
        slug={slug}
        label="Delete file"
        variant="danger"
        question={`Delete "${file.name}"? Everyone it is shared with loses it at once; its activity stays on record.`}
        confirmLabel="Delete"
        pendingLabel="Deleting…"
        action={dispatch}
        fields={{ fileId: file.id }}
      />
    </div>
  );
}
