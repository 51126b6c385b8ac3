"use client";
import { useActionState } from "react";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";

/** Saves the request's title, message and items as a new template (a plain POST). */
export function SaveAsTemplate({ slug, requestId, defaultName, save }: { slug: string; requestId: string; defaultName: string; save: FormAction<unknown> }) {
  const [state, action] = useActionState<FormState<unknown>, FormData>(save, {});
  const r = state.result;
  const error = r && !r.ok ? (r.fieldErrors?.name?.[0] ?? r.message) : undefined;
  return (
    <form action={action} noValidate className="flex flex-wrap items-end gap-3">
      <HiddenFields slug={slug} fields={{ requestId }} />
      <div className="min-w-56 flex-1">
        <Field id="template-name" label="Template name" error={error}>
          <Input key={JSON.stringify(state.values ?? null)} id="template-name" name="name" defaultValue={state.values?.name ?? defaultName} maxLength={100} invalid={!!error} />
        </Field>
      </div>
      <SubmitButton variant="secondary" label="Save as template" pendingLabel="Saving…" />
    </form>
  );
}
