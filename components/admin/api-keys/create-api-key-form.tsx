"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { createApiKeySchema, type CreateApiKeyInput } from "@/lib/api-keys/create-api-key.schema";
import { NewKeyPanel } from "./new-key-panel";
import type { Action, NewApiKey } from "./types";

export function CreateApiKeyForm({ slug, apiBase, action }: { slug: string; apiBase: string; action: Action<CreateApiKeyInput, NewApiKey> }) {
  const router = useRouter();
  const [created, setCreated] = useState<NewApiKey>();
  const [error, setErrorText] = useState<string>();
  const { register, handleSubmit, reset, setError, formState } = useForm<CreateApiKeyInput>({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: { name: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setErrorText(undefined);
    const res = await action(slug, values);
    if (res.ok) {
      setCreated(res.data);
      reset({ name: "" });
      router.refresh();
      return;
    }
    const msg = res.fieldErrors?.name?.[0];
    if (msg) setError("name", { message: msg });
    else setErrorText(res.message);
  });

  return (
    <div className="space-y-4">
      {created && <NewKeyPanel created={created} apiBase={apiBase} onDone={() => setCreated(undefined)} />}
      {error && <Alert tone="error">{error}</Alert>}
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
        <Field id="api-key-name" label="Key name" hint="Name it after what will use it, e.g. “Zapier” or “Nightly CRM sync”, so you know which to revoke." error={errors.name?.message}>
          <Input id="api-key-name" autoComplete="off" maxLength={100} placeholder="Zapier" invalid={!!errors.name} {...register("name")} />
        </Field>
        <Button type="submit" className="w-full sm:mt-6 sm:w-auto" disabled={isSubmitting}>
          {isSubmitting ? "Creating…" : "Create key"}
        </Button>
      </form>
    </div>
  );
}
