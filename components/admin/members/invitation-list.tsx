"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/card";
import type { Role } from "@/lib/db/schema";
import { ConfirmButton } from "./confirm-button";
import { RoleBadge } from "./role-badge";
import { canManage, type Action, type InvitationView } from "./types";

export function InvitationList({
  slug,
  invitations,
  myRole,
  revoke,
}: {
  slug: string;
  invitations: InvitationView[];
  myRole: Role;
  revoke: Action<{ invitationId: string }>;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
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
                <ConfirmButton
                  label="Revoke"
                  question={`Revoke the invitation for ${inv.email}? Signing in will no longer add them to this workspace.`}
                  confirmLabel="Revoke"
                  pendingLabel="Revoking…"
                  onConfirm={async () => {
                    setError(undefined);
                    const res = await revoke(slug, { invitationId: inv.id });
                    if (!res.ok) return setError(res.message);
                    router.refresh();
                  }}
                />
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
