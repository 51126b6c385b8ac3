"use client";
import Link from "next/link";
import { useActionState, useState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Select } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { applicantRoles, type ApplicantRole } from "@/lib/db/schema/opportunities";
import { applicantRoleLabels, requiredContactFieldLabels, type RequiredContactField } from "@/lib/opportunities/labels";

export type ApplicantView = { id: string; contactId: string; name: string; email: string; phone: string; role: ApplicantRole; missing: RequiredContactField[] };

const noop = () => () => {};

/** "Missing: last name and mobile number". */
export function missingText(missing: RequiredContactField[]): string {
  const words = missing.map((f) => requiredContactFieldLabels[f]);
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/**
 * The applicants with their roles: each role change and removal is a real form POST (works before hydration). The
 * results live here, so a refusal outlives the row it was about.
 */
export function ApplicantList({
  slug,
  opportunityName,
  applicants,
  changeRole,
  remove,
}: {
  slug: string;
  opportunityName: string;
  applicants: ApplicantView[];
  changeRole: FormAction<unknown>;
  remove: FormAction<unknown>;
}) {
  const [roleState, roleAction] = useActionState<FormState<unknown>, FormData>(changeRole, {});
  const [removeState, removeAction] = useActionState<FormState<unknown>, FormData>(remove, {});
  const [last, setLast] = useState<"role" | "remove">();
  const shown = (last ?? (roleState.result ? "role" : "remove")) === "role" ? roleState : removeState;
  const error = shown.result && !shown.result.ok ? (shown.result.fieldErrors?.role?.[0] ?? shown.result.message) : undefined;
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  if (applicants.length === 0) {
    return <p className="text-sm text-gray-600">No applicants yet. Find a contact below and add them, starting with the primary applicant.</p>;
  }
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <ul className="divide-y divide-gray-100">
        {applicants.map((a) => (
          <li key={`${a.id}-${a.role}`} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0 space-y-0.5">
              <p className="text-sm font-medium break-words text-gray-900">
                <Link href={`/w/${slug}/contacts/${a.contactId}`} className="text-brand-700 hover:underline">
                  {a.name}
                </Link>
              </p>
              {(a.email || a.phone) && (
                <p className="text-sm text-gray-600">
                  <span className="break-all">{a.email}</span>
                  {a.email && a.phone ? " · " : ""}
                  <span className="whitespace-nowrap tabular-nums">{a.phone}</span>
                </p>
              )}
              {a.missing.length > 0 && (
                <p className="text-sm text-amber-800">
                  Missing: {missingText(a.missing)}.{" "}
                  <Link href={`/w/${slug}/contacts/${a.contactId}`} className="font-medium underline">
                    Edit the contact
                  </Link>
                </p>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <RoleForm slug={slug} applicant={a} action={roleAction} onPost={() => setLast("role")} hydrated={hydrated} />
              <ConfirmForm
                slug={slug}
                action={removeAction}
                onPost={() => setLast("remove")}
                fields={{ applicantId: a.id }}
                label="Remove"
                ariaLabel={`Remove ${a.name}`}
                question={`Remove ${a.name} from ${opportunityName}? They can no longer see its requests. The contact and what they already sent stay.`}
                confirmLabel="Remove applicant"
                pendingLabel="Removing…"
              />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RoleForm({ slug, applicant: a, action, onPost, hydrated }: { slug: string; applicant: ApplicantView; action: (d: FormData) => void; onPost: () => void; hydrated: boolean }) {
  const [role, setRole] = useState<ApplicantRole>(a.role);
  const id = `role-${a.id}`;
  // Before hydration nobody knows whether the choice changed, so the save button is always there.
  const changed = !hydrated || role !== a.role;
  return (
    <form action={action} onSubmit={onPost} className="flex items-center gap-2">
      <HiddenFields slug={slug} fields={{ applicantId: a.id }} />
      <label htmlFor={id} className="sr-only">
        Role of {a.name}
      </label>
      <Select id={id} name="role" className="w-auto" value={role} onChange={(e) => setRole(e.target.value as ApplicantRole)}>
        {applicantRoles.map((r) => (
          <option key={r} value={r}>
            {applicantRoleLabels[r]}
          </option>
        ))}
      </Select>
      {changed && <SubmitButton variant="secondary" label="Save role" pendingLabel="Saving…" />}
    </form>
  );
}
