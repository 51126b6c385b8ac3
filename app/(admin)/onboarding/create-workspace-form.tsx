"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { createWorkspaceAction } from "./actions";

// The same rules as the server's schema, repeated here only for instant feedback; the server decides.
const schema = z.object({
  name: z.string().trim().min(2, "Name the workspace (2 characters or more).").max(80),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, "The URL needs 3 characters or more.")
    .max(40)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lower-case letters, digits and dashes; start and end with a letter or digit."),
  country: z.string().length(2, "Pick a country."),
});
type Values = z.infer<typeof schema>;

const toSlug = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);

export function CreateWorkspaceForm({ countries, portalDomain }: { countries: { code: string; label: string }[]; portalDomain: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [slugEdited, setSlugEdited] = useState(false);
  const { register, handleSubmit, setValue, setError: setFieldError, watch, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { country: "IN" },
  });
  const slug = watch("slug");
  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    const res = await createWorkspaceAction(values);
    if (res.ok) return router.push(`/w/${res.data.slug}`);
    for (const [field, msgs] of Object.entries(res.fieldErrors ?? {})) setFieldError(field as keyof Values, { message: msgs?.[0] });
    if (!res.fieldErrors) setError(res.message);
  });
  const nameField = register("name");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <Field id="name" label="Business name" error={formState.errors.name?.message}>
        <Input
          id="name"
          autoFocus
          invalid={!!formState.errors.name}
          {...nameField}
          onChange={(e) => {
            nameField.onChange(e);
            if (!slugEdited) setValue("slug", toSlug(e.target.value));
          }}
        />
      </Field>
      <Field id="slug" label="Portal address" hint={`Your clients will sign in at ${slug || "your-name"}.${portalDomain}`} error={formState.errors.slug?.message}>
        <Input id="slug" invalid={!!formState.errors.slug} {...register("slug", { onChange: () => setSlugEdited(true) })} />
      </Field>
      <Field id="country" label="Country" hint="Phone numbers without a country code are read as this country's." error={formState.errors.country?.message}>
        <Select id="country" {...register("country")}>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
