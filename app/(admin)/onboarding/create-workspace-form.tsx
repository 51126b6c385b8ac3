"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { createWorkspaceFormAction, type CreateWorkspaceState } from "./actions";
import { toSlug } from "./to-slug";

/**
 * A server action form: it posts natively before hydration (the server fills an empty address from the name), and
 * once JavaScript runs the address follows the name as you type. The server's schema decides what is valid.
 */
export function CreateWorkspaceForm({ countries, portalDomain }: { countries: { code: string; label: string }[]; portalDomain: string }) {
  const [state, formAction, pending] = useActionState<CreateWorkspaceState, FormData>(createWorkspaceFormAction, {});
  const [name, setName] = useState(state.values?.name ?? "");
  const [slug, setSlug] = useState(state.values?.slug ?? "");
  const [country, setCountry] = useState(state.values?.country || "IN");
  const [slugEdited, setSlugEdited] = useState(!!state.values?.slug);
  const err = (f: string) => state.fieldErrors?.[f]?.[0];
  return (
    <form action={formAction} noValidate className="space-y-4">
      {(state.error || state.fieldErrors?._) && <Alert tone="error">{state.error ?? err("_")}</Alert>}
      <Field id="name" label="Business name" error={err("name")}>
        <Input
          id="name"
          name="name"
          autoFocus
          maxLength={80}
          invalid={!!err("name")}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(toSlug(e.target.value));
          }}
        />
      </Field>
      <Field
        id="slug"
        label="Portal address"
        hint={`Your clients will sign in at ${slug || "your-name"}.${portalDomain}. Leave it empty to use the business name.`}
        error={err("slug")}
      >
        <Input
          id="slug"
          name="slug"
          maxLength={40}
          invalid={!!err("slug")}
          value={slug}
          onChange={(e) => {
            setSlug(e.target.value);
            setSlugEdited(true);
          }}
        />
      </Field>
      <Field id="country" label="Country" hint="Phone numbers without a country code are read as this country's." error={err("country")}>
        <Select id="country" name="country" value={country} onChange={(e) => setCountry(e.target.value)}>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
