"use client";
import { useActionState } from "react";
import { Alert } from "@/components/ui/card";
import { ConfirmForm } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { Role } from "@/lib/db/schema";
import { RoleBadge } from "./role-badge";
import { canManage, type InvitationView } from "./types";

export function InvitationList({
  slug,
  invitations,
  myRole,
  revoke,
}: {
  slug: string;
  invitations: InvitationView[];
  myRole: Role;
  /** A form POST (works before hydration). */
  revoke: FormAction<unknown>;
}) {
  const [state, revokeAction] = useActionState<FormState<unknown>, FormData>(revoke, {});
  const error = state.result && !state.result.ok ? state.result.message : undefined;
  if (invitations.length === 0) return <p className="text-sm text-gray-600">No pending invitations.</p>;
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <ul className="divide-y divide-gray-100">
        {invitations.map((inv) => (
          <li key={inv.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-gray-900">{inv.email}</p>
              <p className="text-xs text-gray-500">
                {inv.invitedBy ? `Invited by ${inv.invitedBy} · ` : ""}
                {inv.expired ? (
                  <span className="font-medium text-amber-700">Expired {inv.expires}: invite them again to send a new one</span>
                ) : (
                  `Expires ${inv.expires}`
                )}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <RoleBadge role={inv.role} />
              {canManage(myRole, inv.role) && (
                <ConfirmForm
                  slug={slug}
                  action={revokeAction}
                  fields={{ invitationId: inv.id }}
                  label="Revoke"
                  question={`Revoke the invitation for ${inv.email}? Signing in will no longer add them to this workspace.`}
                  confirmLabel="Revoke"
                  pendingLabel="Revoking…"
                />
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
