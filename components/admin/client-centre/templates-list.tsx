"use client";
import Link from "next/link";
import { useActionState, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";

type Row = { id: string; name: string; subject: string; isDefault: boolean };

/** The invitation templates: edit, make default, delete (not the default one). Cards at every width. */
export function TemplatesList({ slug, base, rows, makeDefault, remove }: { slug: string; base: string; rows: Row[]; makeDefault: FormAction<unknown>; remove: FormAction<unknown> }) {
  const [defState, defAction] = useActionState(makeDefault, {} as FormState<unknown>);
  const [delState, delAction] = useActionState(remove, {} as FormState<unknown>);
  const [last, setLast] = useState<"default" | "delete" | null>(null);
  const st = last === "delete" ? delState : last === "default" ? defState : delState.result ? delState : defState;
  const r = st.result;
  return (
    <div className="space-y-4">
      {r && (
        <Alert tone={r.ok ? "success" : "error"}>{r.ok ? (st === delState ? "Template deleted." : "Default template changed.") : r.message}</Alert>
      )}
      <ul className="divide-y divide-gray-100">
        {rows.map((t) => (
          <li key={t.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="font-medium text-gray-900">
                {t.name}
                {t.isDefault && <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-200">Default</span>}
              </p>
              <p className="truncate text-sm text-gray-600">Subject: {t.subject}</p>
            </div>
            <div className="flex shrink-0 flex-wrap gap-2">
              <Link href={`${base}/${t.id}`} className={buttonClass("secondary")} aria-label={`Edit ${t.name}`}>
                Edit
              </Link>
              {!t.isDefault && (
                <form action={defAction} onSubmit={() => setLast("default")}>
                  <HiddenFields slug={slug} fields={{ id: t.id }} />
                  <SubmitButton variant="secondary" label="Make default" pendingLabel="Saving…" aria-label={`Make ${t.name} the default`} />
                </form>
              )}
              {!t.isDefault && (
                <ConfirmForm
                  slug={slug}
                  label="Delete"
                  ariaLabel={`Delete ${t.name}`}
                  question={`Delete the template “${t.name}”? Invitations already sent are not affected.`}
                  confirmLabel="Delete template"
                  pendingLabel="Deleting…"
                  action={delAction}
                  fields={{ id: t.id }}
                  onPost={() => setLast("delete")}
                />
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
