"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Field, Input } from "@/components/ui/field";
import { HiddenFields, submitKeepingInput } from "@/components/ui/confirm-form";
import { Button, buttonClass } from "@/components/ui/button";
import type { FormState } from "@/lib/actions/form-state";
import type { ProfileView } from "./types";

type Props = {
  slug: string;
  editing: ProfileView | null;
  /** The form's POST (works before hydration) and what the last one said; the list owns both. */
  action: (data: FormData) => void;
  onPost: () => void;
  state: FormState<unknown>;
  pending: boolean;
  cancelHref: string;
  onCancel: () => void;
};

/** Add or edit one email profile: a form POST whose refusals come back beside the fields, with what was typed. */
export function ProfileForm({ slug, editing, action, onPost, state, pending, cancelHref, onCancel }: Props) {
  const id = editing ? `profile-${editing.id}` : "profile-new";
  const r = state.result;
  // What was typed comes back after a refusal; a success empties the add form (its key changes with the list).
  const typed = r && !r.ok ? state.values : undefined;
  const err = (f: string) => (r && !r.ok ? r.fieldErrors?.[f]?.[0] : undefined);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) first.current?.focus();
  }, [editing]);
  const value = (f: "fromName" | "fromAddress" | "replyTo") => typed?.[f] ?? (editing ? (editing[f] ?? "") : "");

  return (
    <form action={action} onSubmit={submitKeepingInput(action, onPost)} noValidate className="space-y-4" aria-labelledby={`${id}-title`}>
      <HiddenFields slug={slug} fields={editing ? { id: editing.id } : {}} />
      <h3 id={`${id}-title`} className="text-sm font-semibold text-gray-900">
        {editing ? `Edit ${editing.fromName} <${editing.fromAddress}>` : "Add an email profile"}
      </h3>
      <div className="grid gap-4 md:grid-cols-3">
        <Field id={`${id}-fromName`} label="From name" hint="What clients see as the sender, e.g. your business name." error={err("fromName")}>
          <Input ref={first} id={`${id}-fromName`} name="fromName" defaultValue={value("fromName")} autoComplete="organization" invalid={!!err("fromName")} />
        </Field>
        <Field id={`${id}-fromAddress`} label="From address" hint="Use an address on a domain you have verified with your email provider." error={err("fromAddress")}>
          <Input id={`${id}-fromAddress`} name="fromAddress" defaultValue={value("fromAddress")} type="email" autoComplete="off" placeholder="hello@yourbusiness.com" invalid={!!err("fromAddress")} />
        </Field>
        <Field id={`${id}-replyTo`} label="Reply-to address (optional)" hint="Where client replies go, if not the from address." error={err("replyTo")}>
          <Input id={`${id}-replyTo`} name="replyTo" defaultValue={value("replyTo")} type="email" autoComplete="off" placeholder="support@yourbusiness.com" invalid={!!err("replyTo")} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save changes" : "Add profile"}
        </Button>
        {editing && (
          <Link
            href={cancelHref}
            className={buttonClass("secondary")}
            onClick={(e) => {
              e.preventDefault();
              onCancel();
            }}
          >
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}
