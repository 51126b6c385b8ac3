"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import type { BrandingInput } from "@/lib/workspaces/branding-schema";

type Action<R> = (prev: FormState<R>, data: FormData) => Promise<FormState<R>>;

/** A server action form (works before hydration); once JavaScript runs, the preview follows what you type. */
export function BrandingForm<R>({ slug, initial, action }: { slug: string; initial: BrandingInput; action: Action<R> }) {
  const [state, formAction, pending] = useActionState<FormState<R>, FormData>(action, {});
  const [v, setV] = useState<BrandingInput>(() => ({ ...initial, ...state.values }));
  const res = state.result;
  const err = (f: keyof BrandingInput) => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const set = (f: keyof BrandingInput) => (ev: { target: { value: string } }) => setV((o) => ({ ...o, [f]: ev.target.value }));
  const text = (f: keyof BrandingInput, extra: { type?: string; placeholder?: string } = {}) => (
    <Input id={f} name={f} invalid={!!err(f)} value={v[f]} onChange={set(f)} maxLength={f === "portalName" ? 80 : 2000} {...extra} />
  );
  const color = /^#[0-9a-fA-F]{6}$/.test(v.primaryColor ?? "") ? v.primaryColor : "#4f46e5";
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <Card>
        <form action={formAction} noValidate className="space-y-4">
          <input type="hidden" name={SLUG_FIELD} value={slug} />
          {res && <Alert tone={res.ok ? "success" : "error"}>{res.ok ? "Saved. Your portal and new emails use this branding now." : res.message}</Alert>}
          <Field id="portalName" label="Portal name" error={err("portalName")}>
            {text("portalName")}
          </Field>
          <Field id="primaryColor" label="Primary colour" hint="Buttons and accents, in the portal and in emails." error={err("primaryColor")}>
            <div className="flex gap-2">
              <input type="color" aria-label="Pick the primary colour" value={color} onChange={set("primaryColor")} className="h-9 w-12 cursor-pointer rounded border border-gray-300" />
              {text("primaryColor")}
            </div>
          </Field>
          <Field id="logoUrl" label="Logo URL (optional)" hint="An https:// address of a PNG or SVG, about 200×60." error={err("logoUrl")}>
            {text("logoUrl", { placeholder: "https://…" })}
          </Field>
          <Field id="faviconUrl" label="Favicon URL (optional)" error={err("faviconUrl")}>
            {text("faviconUrl", { placeholder: "https://…" })}
          </Field>
          <Field id="supportEmail" label="Support email (optional)" hint="Shown on the portal's sign-in page and in emails." error={err("supportEmail")}>
            {text("supportEmail", { type: "email" })}
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save branding"}
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
