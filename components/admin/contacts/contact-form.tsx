"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { contactFormSchema, type ContactFormInput, type ContactFormValues } from "@/lib/contacts/contact-schema";
import type { ContactAction, ContactFormData } from "./types";

const fieldNames = ["firstName", "lastName", "email", "phone", "company"] as const;

export function ContactForm({
  slug,
  country,
  phoneHint,
  contact,
  save,
}: {
  slug: string;
  country: string;
  phoneHint: string;
  contact?: ContactFormData;
  save: ContactAction<ContactFormValues & { id?: string }, { id: string }>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const schema = useMemo(() => contactFormSchema(country), [country]);
  const { register, handleSubmit, setError: setFieldError, formState } = useForm<ContactFormInput, unknown, ContactFormValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      firstName: contact?.firstName ?? "",
      lastName: contact?.lastName ?? "",
      email: contact?.email ?? "",
      phone: contact?.phone ?? "",
      company: contact?.company ?? "",
    },
  });
  const errors = formState.errors;
  const list = `/w/${slug}/contacts`;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    const res = await save(slug, contact ? { ...values, id: contact.id } : values);
    if (res.ok) {
      router.push(`${list}?notice=${contact ? "updated" : "created"}`);
      router.refresh();
      return;
    }
    let placed = false;
    for (const [field, msgs] of Object.entries(res.fieldErrors ?? {})) {
      if ((fieldNames as readonly string[]).includes(field) && msgs?.[0]) {
        setFieldError(field as (typeof fieldNames)[number], { message: msgs[0] }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) setError(res.code === "NOT_FOUND" ? "This contact was deleted, perhaps by someone else. Go back to the list." : res.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id="firstName" label="First name" error={errors.firstName?.message}>
          <Input id="firstName" autoComplete="off" autoFocus={!contact} invalid={!!errors.firstName} {...register("firstName")} />
        </Field>
        <Field id="lastName" label="Last name (optional)" error={errors.lastName?.message}>
          <Input id="lastName" autoComplete="off" invalid={!!errors.lastName} {...register("lastName")} />
        </Field>
        <Field id="email" label="Email" hint="Used to invite them and to sign in to the portal." error={errors.email?.message}>
          <Input id="email" type="email" inputMode="email" autoComplete="off" invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field id="phone" label="Phone" hint={phoneHint} error={errors.phone?.message}>
          <Input id="phone" type="tel" inputMode="tel" autoComplete="off" invalid={!!errors.phone} {...register("phone")} />
        </Field>
        <Field id="company" label="Company (optional)" error={errors.company?.message}>
          <Input id="company" autoComplete="off" invalid={!!errors.company} {...register("company")} />
        </Field>
      </div>
      <p className="text-xs text-gray-500">An email address or a phone number is needed, so the contact can be invited.</p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : contact ? "Save changes" : "Add contact"}
        </Button>
        <Link href={list} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
