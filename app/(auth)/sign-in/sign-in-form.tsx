"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { requestSignInAction, type SignInState } from "./actions";

/**
 * A server action form: the browser posts it natively before hydration (no address ever goes into a URL), and
 * React enhances it once the page's JavaScript runs.
 */
export function SignInForm({ notice, callbackUrl }: { notice?: string; callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(requestSignInAction, {});
  const failed = state.error ?? (state.fieldError || state.email !== undefined ? undefined : notice);
  return (
    <form action={formAction} noValidate className="space-y-4">
      {failed && <Alert tone="error">{failed}</Alert>}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field id="email" label="Work email" error={state.fieldError}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          autoFocus
          required
          maxLength={254}
          defaultValue={state.email}
          key={state.email ?? ""}
          invalid={!!state.fieldError}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
