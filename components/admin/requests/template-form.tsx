"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input, inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";

type Values = { id?: string; name: string; title: string; message: string };
const fields = ["name", "title", "message"] as const;

/** A template's name, the title and message requests start with. Its items are edited one by one below it. */
export function TemplateForm({ slug, template, save }: { slug: string; template?: Values; save: FormAction<unknown> }) {
  const [state, action] = useActionState<FormState<unknown>, FormData>(save, {});
  const r = state.result;
  const err = (f: string) => (r && !r.ok ? r.fieldErrors?.[f]?.[0] : undefined);
  const placed = fields.some((f) => err(f));
  const v = (f: keyof Values) => state.values?.[f] ?? template?.[f] ?? "";
  const round = JSON.stringify(state.values ?? null);
  return (
    <form action={action} noValidate className="space-y-4">
      <HiddenFields slug={slug} fields={template?.id ? { id: template.id } : {}} />
      {r && !r.ok && !placed && <Alert tone="error">{r.message}</Alert>}
      {r?.ok && template && <Alert tone="success">Saved.</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="tpl-name" label="Template name" hint="Only your team sees it." error={err("name")}>
          <Input key={round} id="tpl-name" name="name" defaultValue={v("name")} maxLength={100} invalid={!!err("name")} />
        </Field>
        <Field id="tpl-title" label="Request title" hint="Requests made from it start with this title." error={err("title")}>
          <Input key={round} id="tpl-title" name="title" defaultValue={v("title")} maxLength={200} invalid={!!err("title")} />
        </Field>
      </div>
      <Field id="tpl-message" label="Message to the client (optional)" error={err("message")}>
        <textarea key={round} id="tpl-message" name="message" rows={3} defaultValue={v("message")} className={inputClass} aria-invalid={!!err("message") || undefined} />
      </Field>
      <SubmitButton label={template ? "Save template" : "Create template"} pendingLabel="Saving…" />
    </form>
  );
}

export function DeleteTemplate({ slug, id, name, remove }: { slug: string; id: string; name: string; remove: FormAction<unknown> }) {
  const [state, action] = useActionState<FormState<unknown>, FormData>(remove, {});
  const r = state.result;
  return (
    <div className="space-y-2">
      {r && !r.ok && <Alert tone="error">{r.message}</Alert>}
      <ConfirmForm
        slug={slug}
        label="Delete template"
        variant="danger"
        question={`Delete the template "${name}"? Requests already made from it keep their items.`}
        confirmLabel="Delete template"
        pendingLabel="Deleting…"
        action={action}
        fields={{ id }}
      />
    </div>
  );
}
