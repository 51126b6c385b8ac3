"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import type { ContactFormData } from "./types";

const fieldNames = ["firstName", "lastName", "email", "phone", "company"] as const;
type FieldName = (typeof fieldNames)[number];
type Save<R> = (prev: FormState<R>, data: FormData) => Promise<FormState<R>>;

/**
 * A server action form: it posts before hydration too, and a save goes to the list with a notice (a redirect from
 * the action). The server's schema checks every field and names what is wrong.
 */
export function ContactForm<R>({
  slug,
  phoneHint,
  contact,
  save,
}: {
  slug: string;
  country?: string;
  phoneHint: string;
  contact?: ContactFormData;
  save: Save<R>;
}) {
  const [state, formAction, pending] = useActionState<FormState<R>, FormData>(save, {});
  const res = state.result;
  const err = (f: FieldName) => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const placed = fieldNames.some((f) => err(f));
  const shown = (f: FieldName) => state.values?.[f] ?? contact?.[f] ?? "";
  const list = `/w/${slug}/contacts`;
  // After a refusal React resets the form to its defaults: keying on the result shows what was typed again.
  const round = JSON.stringify(state.values ?? null);
  const input = (f: FieldName, extra: { type?: string; inputMode?: "email" | "tel"; autoFocus?: boolean } = {}) => (
    <Input key={`${f}-${round}`} id={f} name={f} autoComplete="off" defaultValue={shown(f)} invalid={!!err(f)} {...extra} />
  );
  return (
    <form action={formAction} noValidate className="space-y-5">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      {res && !res.ok && !placed && (
        <Alert tone="error">{res.code === "NOT_FOUND" ? "This contact was deleted, perhaps by someone else. Go back to the list." : res.message}</Alert>
      )}
      {contact && <input type="hidden" name="id" value={contact.id} />}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="firstName" label="First name" error={err("firstName")}>
          {input("firstName", { autoFocus: !contact })}
        </Field>
        <Field id="lastName" label="Last name (optional)" error={err("lastName")}>
          {input("lastName")}
        </Field>
        <Field id="email" label="Email" hint="Used to invite them and to sign in to the portal." error={err("email")}>
          {input("email", { type: "email", inputMode: "email" })}
        </Field>
        <Field id="phone" label="Phone" hint={phoneHint} error={err("phone")}>
          {input("phone", { type: "tel", inputMode: "tel" })}
        </Field>
        <Field id="company" label="Company (optional)" error={err("company")}>
          {input("company")}
        </Field>
      </div>
      <p className="text-xs text-gray-500">An email address or a phone number is needed, so the contact can be invited.</p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : contact ? "Save changes" : "Add contact"}
        </Button>
        <Link href={list} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
