"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";

/** Void (or discard a draft): destructive, so it asks first; the confirm is a real POST. */
export function VoidButton({ slug, contractId, action, draft }: { slug: string; contractId: string; action: FormAction<unknown>; draft: boolean }) {
  const [state, dispatch] = useActionState<FormState<unknown>, FormData>(action, {});
  const res = state.result;
  return (
    <div className="space-y-2">
      {res && !res.ok && <Alert tone="error">{res.message}</Alert>}
      <ConfirmForm
        slug={slug}
        label={draft ? "Discard draft" : "Void"}
        question={draft ? "Discard this draft? It stays in the list as voided." : "Void this document? Signers can no longer sign it, and signatures already given no longer count."}
        confirmLabel={draft ? "Discard" : "Void document"}
        pendingLabel="Voiding…"
        action={dispatch}
        fields={{ contractId }}
        variant="secondary"
      />
    </div>
  );
}
