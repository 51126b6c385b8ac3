"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { roleLabels } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";
import { INVITATION_DAYS, inviteMemberSchema, type InviteMemberInput } from "@/lib/members/invite-member-schema";
import { roleHints, type Action } from "./types";

export function InviteMemberForm({ slug, roles, action }: { slug: string; roles: Role[]; action: Action<InviteMemberInput> }) {
  const router = useRouter();
  const [result, setResult] = useState<{ tone: "error" | "success"; text: string }>();
  const { register, handleSubmit, reset, watch, setError, formState } = useForm<InviteMemberInput>({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: { email: "", role: roles.includes("admin") ? "admin" : roles[0] },
  });
  const role = watch("role");
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setResult(undefined);
    const res = await action(slug, values);
    if (res.ok) {
      setResult({ tone: "success", text: `Invitation sent to ${values.email}. It expires in ${INVITATION_DAYS} days; they join when they sign in with that address.` });
      reset({ email: "", role: values.role });
      router.refresh();
      return;
    }
    const fields = Object.entries(res.fieldErrors ?? {}).filter(([f]) => f === "email" || f === "role");
    for (const [field, msgs] of fields) setError(field as keyof InviteMemberInput, { message: msgs?.[0] });
    if (fields.length === 0) setResult({ tone: "error", text: res.message });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-start">
        <Field id="invite-email" label="Email address" error={errors.email?.message}>
          <Input id="invite-email" type="email" autoComplete="off" placeholder="name@company.com" invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field id="invite-role" label="Role" error={errors.role?.message}>
          <Select id="invite-role" aria-describedby="invite-role-help" {...register("role")}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" className="w-full sm:mt-6 sm:w-auto" disabled={isSubmitting}>
          {isSubmitting ? "Sending…" : "Send invitation"}
        </Button>
      </div>
      <p id="invite-role-help" className="text-xs text-gray-500">
        {role ? `${roleLabels[role]}: ${roleHints[role]}` : null}
        {!roles.includes("owner") && " Only an owner can invite another owner."}
      </p>
    </form>
  );
}
