"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";

const schema = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address, like name@company.com.") });

export function SignInForm({ error, callbackUrl }: { error?: string; callbackUrl: string }) {
  const [failed, setFailed] = useState<string | undefined>(error);
  const { register, handleSubmit, formState } = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema) });
  const onSubmit = handleSubmit(async ({ email }) => {
    setFailed(undefined);
    const res = await signIn("email", { email, callbackUrl, redirect: false });
    if (res?.error === "RateLimited") return setFailed("Too many sign-in emails were asked for. Wait 15 minutes, then try again, or use the last link we sent.");
    if (res?.error) return setFailed("We could not send the sign-in email. Try again in a moment.");
    window.location.href = `/sign-in/check-email?email=${encodeURIComponent(email)}`;
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {failed && <Alert tone="error">{failed}</Alert>}
      <Field id="email" label="Work email" error={formState.errors.email?.message}>
        <Input id="email" type="email" autoComplete="email" autoFocus invalid={!!formState.errors.email} {...register("email")} />
      </Field>
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Sending…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
