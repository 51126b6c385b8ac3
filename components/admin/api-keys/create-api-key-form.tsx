"use client";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import { NewKeyPanel } from "./new-key-panel";
import type { NewApiKey } from "./types";

type Action = (prev: FormState<NewApiKey>, data: FormData) => Promise<FormState<NewApiKey>>;

/** A server action form (works before hydration): the new key is shown once, in the answer to the POST. */
export function CreateApiKeyForm({ slug, apiBase, action }: { slug: string; apiBase: string; action: Action }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<FormState<NewApiKey>, FormData>(action, {});
  const res = state.result;
  const [dismissed, setDismissed] = useState<string>();
  // The key list beside the form is server-rendered: show the new row (a no-JS post re-renders the page anyway).
  useEffect(() => {
    if (res?.ok) router.refresh();
  }, [res, router]);
  const created = res?.ok && res.data.id !== dismissed ? res.data : undefined;
  const nameError = res && !res.ok ? res.fieldErrors?.name?.[0] : undefined;
  return (
    <div className="space-y-4">
      {created && <NewKeyPanel created={created} apiBase={apiBase} onDone={() => setDismissed(created.id)} />}
      {res && !res.ok && !nameError && <Alert tone="error">{res.message}</Alert>}
      <form action={formAction} noValidate className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
        <input type="hidden" name={SLUG_FIELD} value={slug} />
        <Field id="api-key-name" label="Key name" hint="Name it after what will use it, e.g. “Zapier” or “Nightly CRM sync”, so you know which to revoke." error={nameError}>
          <Input
            key={res?.ok ? res.data.id : "typing"}
            id="api-key-name"
            name="name"
            autoComplete="off"
            maxLength={100}
            placeholder="Zapier"
            defaultValue={res?.ok ? "" : state.values?.name}
            invalid={!!nameError}
          />
        </Field>
        <Button type="submit" className="w-full sm:mt-6 sm:w-auto" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </Button>
      </form>
    </div>
  );
}
