"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { brandingSchema, type BrandingInput } from "@/lib/workspaces/branding-schema";

type Action = (slug: string, input: unknown) => Promise<ActionResult<unknown>>;

export function BrandingForm({ slug, initial, action }: { slug: string; initial: BrandingInput; action: Action }) {
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string }>();
  const { register, handleSubmit, watch, setError, formState } = useForm<BrandingInput>({ resolver: zodResolver(brandingSchema), defaultValues: initial });
  const v = watch();
  const e = formState.errors;
  const onSubmit = handleSubmit(async (values) => {
    setNotice(undefined);
    const res = await action(slug, values);
    if (res.ok) return setNotice({ tone: "success", text: "Saved. Your portal and new emails use this branding now." });
    for (const [field, msgs] of Object.entries(res.fieldErrors ?? {})) setError(field as keyof BrandingInput, { message: msgs?.[0] });
    setNotice({ tone: "error", text: res.message });
  });
  const color = /^#[0-9a-fA-F]{6}$/.test(v.primaryColor ?? "") ? v.primaryColor : "#4f46e5";
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <Card>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
          <Field id="portalName" label="Portal name" error={e.portalName?.message}>
            <Input id="portalName" invalid={!!e.portalName} {...register("portalName")} />
          </Field>
          <Field id="primaryColor" label="Primary colour" hint="Buttons and accents, in the portal and in emails." error={e.primaryColor?.message}>
            <div className="flex gap-2">
              <input type="color" aria-label="Pick the primary colour" value={color} onChange={(ev) => register("primaryColor").onChange({ target: { name: "primaryColor", value: ev.target.value } })} className="h-9 w-12 cursor-pointer rounded border border-gray-300" />
              <Input id="primaryColor" invalid={!!e.primaryColor} {...register("primaryColor")} />
            </div>
          </Field>
          <Field id="logoUrl" label="Logo URL (optional)" hint="An https:// address of a PNG or SVG, about 200×60." error={e.logoUrl?.message}>
            <Input id="logoUrl" invalid={!!e.logoUrl} placeholder="https://…" {...register("logoUrl")} />
          </Field>
          <Field id="faviconUrl" label="Favicon URL (optional)" error={e.faviconUrl?.message}>
            <Input id="faviconUrl" invalid={!!e.faviconUrl} placeholder="https://…" {...register("faviconUrl")} />
          </Field>
          <Field id="supportEmail" label="Support email (optional)" hint="Shown on the portal's sign-in page and in emails." error={e.supportEmail?.message}>
            <Input id="supportEmail" type="email" invalid={!!e.supportEmail} {...register("supportEmail")} />
          </Field>
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? "Saving…" : "Save branding"}
          </Button>
        </form>
      </Card>
      <Card title="Preview">
        <div className="rounded-lg bg-gray-50 p-6 text-center ring-1 ring-gray-200" aria-label="Portal sign-in preview">
          {/* eslint-disable-next-line @next/next/no-img-element -- an admin-supplied external logo */}
          {v.logoUrl?.startsWith("https://") ? <img src={v.logoUrl} alt="" className="mx-auto mb-3 h-10 object-contain" /> : <div className="mx-auto mb-3 h-10 w-10 rounded-full" style={{ background: color }} />}
          <p className="font-semibold text-gray-900">{v.portalName || "Your portal"}</p>
          <span className="mt-4 inline-block rounded-md px-4 py-2 text-sm font-medium text-white" style={{ background: color }}>
            Continue
          </span>
        </div>
      </Card>
    </div>
  );
}
