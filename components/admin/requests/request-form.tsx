"use client";
import Link from "next/link";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input, Select, inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";

export type RequestFormValues = { id?: string; title: string; message: string; dueDate: string; reminderDaysBefore: string; status?: string };
type TemplateOption = { id: string; name: string; items: number };

const fields = ["templateId", "title", "message", "dueDate", "reminderDaysBefore", "status"] as const;

/**
 * New request (pick a template or start blank) or a request's details. A plain POST before hydration; the server's
 * schema names every problem beside its field.
 */
export function RequestForm({
  slug,
  opportunityId,
  templates,
  request,
  save,
  cancelHref,
  preselect,
}: {
  slug: string;
  opportunityId: string;
  templates?: TemplateOption[];
  request?: RequestFormValues;
  save: FormAction<unknown>;
  cancelHref: string;
  preselect?: string;
}) {
  const [state, action] = useActionState<FormState<unknown>, FormData>(save, {});
  const res = state.result;
  const err = (f: string) => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const placed = fields.some((f) => err(f));
  const v = (f: keyof RequestFormValues) => state.values?.[f] ?? request?.[f] ?? "";
  const round = JSON.stringify(state.values ?? null);
  return (
    <form action={action} noValidate className="space-y-5">
      <HiddenFields slug={slug} fields={request?.id ? { id: request.id } : { opportunityId }} />
      {res && !res.ok && !placed && <Alert tone="error">{res.message}</Alert>}
      {res?.ok && request && <Alert tone="success">Saved.</Alert>}
      {templates && (
        <fieldset>
          <legend className="text-sm font-medium text-gray-800">Start from</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            <TemplateChoice id="tpl-blank" value="" label="A blank request" detail="Add the items yourself next." checked={(state.values?.templateId ?? preselect ?? "") === ""} round={round} />
            {templates.map((t) => (
              <TemplateChoice
                key={t.id}
                id={`tpl-${t.id}`}
                value={t.id}
                label={t.name}
                detail={t.items === 1 ? "1 item" : `${t.items} items`}
                checked={(state.values?.templateId ?? preselect) === t.id}
                round={round}
              />
            ))}
          </div>
          {err("templateId") && <p className="mt-1 text-xs font-medium text-red-700">{err("templateId")}</p>}
        </fieldset>
      )}
      <Field id="title" label={templates ? "Title (optional with a template: its title is used)" : "Title"} hint="The client sees it." error={err("title")}>
        <Input key={round} id="title" name="title" defaultValue={v("title")} maxLength={200} invalid={!!err("title")} />
      </Field>
      <Field id="message" label="Message (optional)" hint="Shown to the client above the items." error={err("message")}>
        <textarea key={round} id="message" name="message" rows={3} defaultValue={v("message")} className={inputClass} aria-invalid={!!err("message") || undefined} />
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="dueDate" label="Due date (optional)" error={err("dueDate")}>
          <Input key={round} id="dueDate" name="dueDate" type="date" defaultValue={v("dueDate")} invalid={!!err("dueDate")} />
        </Field>
        <Field id="reminderDaysBefore" label="Remind applicants (optional)" hint="Days before the due date, 1 to 30; an email goes to those who have not submitted." error={err("reminderDaysBefore")}>
          <Input key={round} id="reminderDaysBefore" name="reminderDaysBefore" type="number" min={1} max={30} inputMode="numeric" defaultValue={v("reminderDaysBefore")} invalid={!!err("reminderDaysBefore")} />
        </Field>
      </div>
      {request && (
        <Field id="status" label="Status" hint="Clients see open and closed requests; a closed one can no longer be answered." error={err("status")}>
          <Select key={round} id="status" name="status" defaultValue={v("status")}>
            <option value="draft">Draft (clients cannot see it)</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </Select>
        </Field>
      )}
      <div className="flex flex-wrap gap-2">
        <SubmitButton label={request ? "Save details" : "Create request"} pendingLabel="Saving…" />
        <Link href={cancelHref} className={buttonClass("secondary")}>
          {request ? "Back to the request" : "Cancel"}
        </Link>
      </div>
    </form>
  );
}

function TemplateChoice({ id, value, label, detail, checked, round }: { id: string; value: string; label: string; detail: string; checked: boolean; round: string }) {
  return (
    <label htmlFor={id} className="flex cursor-pointer items-start gap-3 rounded-md p-3 ring-1 ring-gray-200 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-600">
      <input key={round} id={id} type="radio" name="templateId" value={value} defaultChecked={checked} className="mt-0.5 h-4 w-4" />
      <span>
        <span className="block text-sm font-medium text-gray-900">{label}</span>
        <span className="block text-xs text-gray-600">{detail}</span>
      </span>
    </label>
  );
}
