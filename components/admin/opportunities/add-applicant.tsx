"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Select } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { applicantRoles } from "@/lib/db/schema/opportunities";
import { applicantRoleLabels, type RequiredContactField } from "@/lib/opportunities/labels";
import { missingText } from "./applicant-list";

export type CandidateView = { id: string; name: string; email: string; phone: string; missing: RequiredContactField[] };

/** Search results to pick from: each row is a real POST (role + Add) that works before hydration. */
export function CandidateList({
  slug,
  opportunityId,
  candidates,
  defaultRole,
  add,
}: {
  slug: string;
  opportunityId: string;
  candidates: CandidateView[];
  defaultRole: "primary" | "applicant";
  add: FormAction<unknown>;
}) {
  const [state, action] = useActionState<FormState<unknown>, FormData>(add, {});
  const res = state.result;
  const error = res && !res.ok ? (res.fieldErrors ? Object.values(res.fieldErrors)[0]?.[0] : undefined) ?? res.message : undefined;
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <ul className="divide-y divide-gray-100">
        {candidates.map((c) => (
          <li key={c.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="text-sm font-medium break-words text-gray-900">{c.name}</p>
              {(c.email || c.phone) && (
                <p className="text-sm text-gray-600">
                  <span className="break-all">{c.email}</span>
                  {c.email && c.phone ? " · " : ""}
                  <span className="whitespace-nowrap tabular-nums">{c.phone}</span>
                </p>
              )}
              {c.missing.length > 0 && <p className="text-xs text-amber-800">Missing for Client Centre access: {missingText(c.missing)}</p>}
            </div>
            <form action={action} className="flex items-center gap-2">
              <HiddenFields slug={slug} fields={{ opportunityId, contactId: c.id }} />
              <label htmlFor={`add-role-${c.id}`} className="sr-only">
                Role for {c.name}
              </label>
              <Select id={`add-role-${c.id}`} name="role" className="w-auto" defaultValue={defaultRole}>
                {applicantRoles.map((r) => (
                  <option key={r} value={r}>
                    {applicantRoleLabels[r]}
                  </option>
                ))}
              </Select>
              <SubmitButton variant="secondary" label="Add" pendingLabel="Adding…" aria-label={`Add ${c.name}`} />
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
