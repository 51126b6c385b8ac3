"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";

/**
 * Approve, or reject with the reason the client reads (required, 500 characters at most). Both plain POSTs; the reject
 * form sits in a <details> so it takes no room until wanted, and opens by itself when the server refused it.
 */
export function ReviewForms({ slug, documentId, name, status, review }: { slug: string; documentId: string; name: string; status: string; review: FormAction<unknown> }) {
  const [approved, approve] = useActionState<FormState<unknown>, FormData>(review, {});
  const [rejected, reject] = useActionState<FormState<unknown>, FormData>(review, {});
  const rr = rejected.result;
  const reasonError = rr && !rr.ok ? (rr.fieldErrors?.reason?.[0] ?? rr.message) : undefined;
  const ar = approved.result;
  return (
    <div className="space-y-2">
      {ar && !ar.ok && <Alert tone="error">{ar.message}</Alert>}
      <div className="flex flex-wrap items-start gap-2">
        {status !== "approved" && (
          <form action={approve}>
            <HiddenFields slug={slug} fields={{ documentId, decision: "approve" }} />
            <SubmitButton variant="secondary" label="Approve" pendingLabel="Approving…" aria-label={`Approve ${name}`} />
          </form>
        )}
        {status !== "rejected" && (
          <details open={!!reasonError} className="group w-full sm:w-auto">
            <summary className="inline-flex cursor-pointer list-none items-center rounded-md bg-white px-3.5 py-2 text-sm font-medium text-red-700 shadow-sm ring-1 ring-gray-300 ring-inset hover:bg-red-50">
              Reject…
            </summary>
            <form action={reject} noValidate className="mt-2 space-y-2 sm:w-96">
              <HiddenFields slug={slug} fields={{ documentId, decision: "reject" }} />
              <label htmlFor={`reason-${documentId}`} className="block text-sm font-medium text-gray-800">
                Reason the client will read
              </label>
              <textarea
                key={JSON.stringify(rejected.values ?? null)}
                id={`reason-${documentId}`}
                name="reason"
                rows={3}
                maxLength={500}
                defaultValue={rejected.values?.reason ?? ""}
                placeholder="e.g. The photo is blurry: scan both sides in colour."
                aria-invalid={!!reasonError || undefined}
                aria-describedby={reasonError ? `reason-${documentId}-error` : undefined}
                className={inputClass}
              />
              {reasonError && (
                <p id={`reason-${documentId}-error`} role="alert" className="text-xs font-medium text-red-700">
                  {reasonError}
                </p>
              )}
              <p className="text-xs text-gray-500">The applicant is emailed the reason and can upload a new file and submit again.</p>
              <SubmitButton variant="danger" label="Reject and tell the client" pendingLabel="Rejecting…" />
            </form>
          </details>
        )}
      </div>
    </div>
  );
}

/** Open / close / back to draft, with the refusal (e.g. no items) said beside the button. */
export function StatusButton({ slug, requestId, to, label, variant = "secondary", save }: { slug: string; requestId: string; to: string; label: string; variant?: "primary" | "secondary"; save: FormAction<unknown> }) {
  const [state, action] = useActionState<FormState<unknown>, FormData>(save, {});
  const r = state.result;
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <HiddenFields slug={slug} fields={{ id: requestId, status: to }} />
      <SubmitButton variant={variant} label={label} pendingLabel="Saving…" />
      {r && !r.ok && (
        <p role="alert" className="max-w-64 text-right text-xs font-medium text-red-700">
          {r.message}
        </p>
      )}
    </form>
  );
}
