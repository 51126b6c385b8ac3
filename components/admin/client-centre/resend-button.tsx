"use client";
import { useActionState } from "react";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";

/** "Resend": a new link by the default template; the result shows beside the button (a real POST before hydration). */
export function ResendButton({ slug, requestId, contactId, name, action }: { slug: string; requestId: string; contactId: string; name: string; action: FormAction<{ email: string }> }) {
  const [state, dispatch] = useActionState(action, {} as FormState<{ email: string }>);
  const r = state.result;
  return (
    <form action={dispatch} className="space-y-1">
      <HiddenFields slug={slug} fields={{ requestId, contactId }} />
      <SubmitButton label="Resend" pendingLabel="Sending…" variant="secondary" className="px-2.5! py-1! text-xs!" aria-label={`Resend the invitation to ${name}`} />
      {r && (
        <p role={r.ok ? "status" : "alert"} className={`max-w-xs text-xs ${r.ok ? "text-green-800" : "text-red-700"}`}>
          {r.ok ? `Sent to ${r.data.email}. The previous link stopped working.` : r.message}
        </p>
      )}
    </form>
  );
}
