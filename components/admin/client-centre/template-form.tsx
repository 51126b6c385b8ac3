"use client";
import Link from "next/link";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { LockedTagEditor } from "./locked-tag-editor";

type Props = {
  slug: string;
  listHref: string;
  template: { id?: string; name: string; subject: string; bodyBefore: string; bodyAfter: string; isDefault: boolean };
  action: FormAction<{ id: string }>;
};

/** Create or edit a named invitation template, with the system tag locked in the body (a real POST). */
export function TemplateForm({ slug, listHref, template, action }: Props) {
  const [state, dispatch] = useActionState(action, {} as FormState<{ id: string }>);
  const r = state.result;
  const typed = r && !r.ok ? state.values : undefined;
  const err = (f: string) => (r && !r.ok ? r.fieldErrors?.[f]?.[0] : undefined);
  const v = (f: "name" | "subject" | "bodyBefore" | "bodyAfter") => typed?.[f] ?? template[f];
  return (
    <form action={dispatch} className="space-y-6" noValidate>
      <HiddenFields slug={slug} fields={template.id ? { id: template.id } : {}} />
      <Card>
        <div className="space-y-5">
          {r && !r.ok && !["name", "subject", "body"].some((f) => r.fieldErrors?.[f]) && <Alert tone="error">{r.message}</Alert>}
          <Field id="tpl-name" label="Template name" hint="Only your team sees it, in the template list when sending." error={err("name")}>
            <Input id="tpl-name" name="name" defaultValue={v("name")} maxLength={100} required invalid={!!err("name")} />
          </Field>
          <LockedTagEditor idPrefix="tpl" subject={v("subject")} bodyBefore={v("bodyBefore")} bodyAfter={v("bodyAfter")} errors={{ subject: err("subject"), body: err("body") }} />
          {!template.isDefault && (
            <label className="flex items-center gap-2 text-sm text-gray-800">
              <input type="checkbox" name="makeDefault" defaultChecked={typed?.makeDefault === "on"} className="size-4 rounded border-gray-300 text-brand-600" />
              Make this the default template
            </label>
          )}
        </div>
      </Card>
      <div className="flex flex-wrap gap-2">
        <SubmitButton label={template.id ? "Save changes" : "Create template"} pendingLabel="Saving…" />
        <Link href={listHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
