"use client";
import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton, submitKeepingInput } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";

/**
 * A contract form: a real POST before hydration (the action is the useActionState dispatcher), the server's refusal
 * shown above it in the server's own words (a field's message when there is one), what was typed kept.
 */
export function ActionForm({
  slug,
  action,
  fields,
  label,
  pendingLabel,
  variant = "primary",
  children,
  className = "",
  ariaLabel,
}: {
  slug: string;
  action: FormAction<unknown>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
  children?: ReactNode;
  className?: string;
  ariaLabel?: string;
}) {
  const [state, dispatch] = useActionState<FormState<unknown>, FormData>(action, {});
  const res = state.result;
  const error = res && !res.ok ? (res.fieldErrors ? Object.values(res.fieldErrors).find((m) => m?.length)?.[0] : undefined) ?? res.message : undefined;
  return (
    <form action={dispatch} onSubmit={submitKeepingInput(dispatch)} className={className} noValidate>
      <HiddenFields slug={slug} fields={fields} />
      {error && (
        <div className="mb-3">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
      {children}
      <SubmitButton variant={variant} label={label} pendingLabel={pendingLabel} aria-label={ariaLabel} />
    </form>
  );
}
