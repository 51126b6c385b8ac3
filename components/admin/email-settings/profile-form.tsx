"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { emailProfileFieldsSchema, type EmailProfileFields } from "@/lib/email-settings/email-settings-schema";
import type { Action, ProfileView } from "./types";

type Props = {
  slug: string;
  editing: ProfileView | null;
  create: Action<EmailProfileFields, ProfileView>;
  update: Action<EmailProfileFields & { id: string }, ProfileView>;
  onSaved: (saved: ProfileView, created: boolean) => void;
  onError: (message: string) => void;
  onCancel: () => void;
};

const fields = ["fromName", "fromAddress", "replyTo"] as const;

export function ProfileForm({ slug, editing, create, update, onSaved, onError, onCancel }: Props) {
  const id = editing ? `profile-${editing.id}` : "profile-new";
  const { register, handleSubmit, reset, setError, setFocus, formState } = useForm<EmailProfileFields>({
    resolver: zodResolver(emailProfileFieldsSchema),
    defaultValues: { fromName: editing?.fromName ?? "", fromAddress: editing?.fromAddress ?? "", replyTo: editing?.replyTo ?? "" },
  });
  const { errors, isSubmitting } = formState;
  useEffect(() => {
    if (editing) setFocus("fromName");
  }, [editing, setFocus]);

  const onSubmit = handleSubmit(async (values) => {
    const res = editing ? await update(slug, { ...values, id: editing.id }) : await create(slug, values);
    if (res.ok) {
      reset({ fromName: "", fromAddress: "", replyTo: "" });
      return onSaved(res.data, !editing);
    }
    const known = Object.entries(res.fieldErrors ?? {}).filter(([f]) => (fields as readonly string[]).includes(f));
    for (const [field, msgs] of known) setError(field as keyof EmailProfileFields, { message: msgs?.[0] });
    if (known.length === 0) onError(res.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-gray-900">
        {editing ? `Edit ${editing.fromName} <${editing.fromAddress}>` : "Add an email profile"}
      </h3>
      <div className="grid gap-4 md:grid-cols-3">
        <Field id={`${id}-fromName`} label="From name" hint="What clients see as the sender, e.g. your business name." error={errors.fromName?.message}>
          <Input id={`${id}-fromName`} autoComplete="organization" invalid={!!errors.fromName} {...register("fromName")} />
        </Field>
        <Field id={`${id}-fromAddress`} label="From address" hint="Use an address on a domain you have verified with your email provider." error={errors.fromAddress?.message}>
          <Input id={`${id}-fromAddress`} type="email" autoComplete="off" placeholder="hello@yourbusiness.com" invalid={!!errors.fromAddress} {...register("fromAddress")} />
        </Field>
        <Field id={`${id}-replyTo`} label="Reply-to address (optional)" hint="Where client replies go, if not the from address." error={errors.replyTo?.message}>
          <Input id={`${id}-replyTo`} type="email" autoComplete="off" placeholder="support@yourbusiness.com" invalid={!!errors.replyTo} {...register("replyTo")} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : editing ? "Save changes" : "Add profile"}
        </Button>
        {editing && (
          <Button type="button" variant="secondary" onClick={onCancel} disabled={isSubmitting}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
