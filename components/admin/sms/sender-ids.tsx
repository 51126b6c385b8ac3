"use client";
import { useActionState, useState } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { SenderIdView } from "./types";

type Props = {
  slug: string;
  senderIds: SenderIdView[];
  /** Sender IDs a mapped SMS template goes out under (they cannot be removed). */
  inUse: string[];
  add: FormAction<{ senderId: string }>;
  remove: FormAction<{ senderId: string }>;
};

/** The workspace's DLT headers: a list with Remove, and a form to add one. */
export function SenderIds({ slug, senderIds, inUse, add, remove }: Props) {
  const permalink = `/w/${slug}/settings/sms#sender-ids`;
  const [addState, addAction] = useActionState<FormState<{ senderId: string }>, FormData>(add, {}, permalink);
  const [removeState, removeAction] = useActionState<FormState<{ senderId: string }>, FormData>(remove, {}, permalink);
  const [last, setLast] = useState<"add" | "remove">();
  const which = last ?? (addState.result ? "add" : removeState.result ? "remove" : undefined);
  const r = which === "add" ? addState.result : which === "remove" ? removeState.result : undefined;
  const fieldError = (f: string) => (which === "add" && addState.result && !addState.result.ok ? addState.result.fieldErrors?.[f]?.[0] : undefined);
  const notice: Notice = !r
    ? undefined
    : !r.ok
      ? fieldError("senderId") || fieldError("entityId")
        ? undefined
        : { tone: "error", text: r.message }
      : { tone: "success", text: which === "add" ? `Added ${r.data.senderId}.` : `Removed ${r.data.senderId}.` };
  return (
    <div className="space-y-4">
      <LiveNotice notice={notice} />
      {senderIds.length === 0 ? (
        <p className="text-sm text-gray-600">No sender ID yet. Add the 6-letter header your business registered on DLT.</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
          {senderIds.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <div className="min-w-0">
                <span className="font-mono text-sm font-semibold text-gray-900">{s.senderId}</span>
                {s.entityId && <span className="ml-2 text-xs text-gray-500 wrap-anywhere">Entity ID {s.entityId}</span>}
                {inUse.includes(s.senderId) && <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600">in use</span>}
              </div>
              {inUse.includes(s.senderId) ? (
                <span className="text-xs text-gray-500">Map its templates to another header to remove it.</span>
              ) : (
                <ConfirmForm
                  slug={slug}
                  action={removeAction}
                  onPost={() => setLast("remove")}
                  fields={{ id: s.id }}
                  label="Remove"
                  ariaLabel={`Remove ${s.senderId}`}
                  question={`Remove the sender ID ${s.senderId}?`}
                  confirmLabel="Remove"
                  pendingLabel="Removing…"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <form action={addAction} onSubmit={() => setLast("add")} className="grid gap-3 sm:grid-cols-[10rem_1fr_auto] sm:items-start" noValidate>
        <HiddenFields slug={slug} />
        <Field id="sender-id" label="New sender ID" error={fieldError("senderId")} hint="6 letters, e.g. ACMEIN">
          <Input id="sender-id" name="senderId" autoComplete="off" maxLength={40} defaultValue={which === "add" && !addState.result?.ok ? addState.values?.senderId : undefined} invalid={!!fieldError("senderId")} className="font-mono uppercase" />
        </Field>
        <Field id="sender-entity" label="Entity ID (optional)" error={fieldError("entityId")} hint="Your DLT principal entity ID">
          <Input id="sender-entity" name="entityId" autoComplete="off" inputMode="numeric" maxLength={40} defaultValue={which === "add" && !addState.result?.ok ? addState.values?.entityId : undefined} invalid={!!fieldError("entityId")} />
        </Field>
        <div className="sm:pt-6">
          <SubmitButton label="Add sender ID" pendingLabel="Adding…" />
        </div>
      </form>
    </div>
  );
}
