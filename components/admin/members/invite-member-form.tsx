"use client";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import { roleLabels } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";
import { INVITATION_DAYS } from "@/lib/members/invite-member-schema";
import { roleHints } from "./types";

type Action<R> = (prev: FormState<R>, data: FormData) => Promise<FormState<R>>;

/** A server action form (works before hydration); the server's schema and role rules decide. */
export function InviteMemberForm<R>({ slug, roles, action }: { slug: string; roles: Role[]; action: Action<R> }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<FormState<R>, FormData>(action, {});
  const res = state.result;
  const [role, setRole] = useState<Role>(() => (state.values?.role as Role) ?? (roles.includes("admin") ? "admin" : roles[0]));
  // The lists beside the form are server-rendered: show the new invitation (a no-JS post re-renders the page anyway).
  useEffect(() => {
    if (res?.ok) router.refresh();
  }, [res, router]);
  const err = (f: "email" | "role") => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const fieldErrors = !!(err("email") || err("role"));
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      {res?.ok && (
        <Alert tone="success">{`Invitation sent to ${state.values?.email?.trim().toLowerCase()}. It expires in ${INVITATION_DAYS} days; they join when they sign in with that address.`}</Alert>
      )}
      {res && !res.ok && !fieldErrors && <Alert tone="error">{res.message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-start">
        <Field id="invite-email" label="Email address" error={err("email")}>
          <Input
            key={res?.ok ? `sent-${state.values?.email}` : "typing"}
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            placeholder="name@company.com"
            maxLength={254}
            defaultValue={res?.ok ? "" : state.values?.email}
            invalid={!!err("email")}
          />
        </Field>
        <Field id="invite-role" label="Role" error={err("role")}>
          <Select id="invite-role" name="role" aria-describedby="invite-role-help" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" className="w-full sm:mt-6 sm:w-auto" disabled={pending}>
          {pending ? "Sending…" : "Send invitation"}
        </Button>
      </div>
      <p id="invite-role-help" className="text-xs text-gray-500">
        {role ? `${roleLabels[role]}: ${roleHints[role]}` : null}
        {!roles.includes("owner") && " Only an owner can invite another owner."}
      </p>
    </form>
  );
}
