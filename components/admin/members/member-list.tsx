"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { roleLabels } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";
import { ConfirmButton } from "./confirm-button";
import { RoleBadge } from "./role-badge";
import { assignableRoles, canManage, type Action, type MemberView } from "./types";

type Props = {
  slug: string;
  workspaceName: string;
  members: MemberView[];
  me: { userId: string; role: Role };
  changeRole: Action<{ membershipId: string; role: Role }>;
  remove: Action<{ membershipId: string }, { self: boolean }>;
};

export function MemberList({ slug, workspaceName, members, me, changeRole, remove }: Props) {
  const [error, setError] = useState<string>();
  const owners = members.filter((m) => m.role === "owner").length;
  return (
    <div className="space-y-3">
      {error && <Alert tone="error">{error}</Alert>}
      <ul className="divide-y divide-gray-100">
        {members.map((m) => (
          <MemberItem
            key={`${m.id}-${m.role}`}
            slug={slug}
            workspaceName={workspaceName}
            member={m}
            me={me}
            lastOwner={m.role === "owner" && owners <= 1}
            changeRole={changeRole}
            remove={remove}
            onError={setError}
          />
        ))}
      </ul>
    </div>
  );
}

function MemberItem({
  slug,
  workspaceName,
  member: m,
  me,
  lastOwner,
  changeRole,
  remove,
  onError,
}: Omit<Props, "members"> & { member: MemberView; lastOwner: boolean; onError: (e: string | undefined) => void }) {
  const router = useRouter();
  const self = m.userId === me.userId;
  const manageable = canManage(me.role, m.role);
  const roles = assignableRoles(me.role);
  const [role, setRole] = useState<Role>(m.role);
  const [saving, setSaving] = useState(false);
  const selectId = `role-${m.id}`;
  const selfDemotion = self && role !== m.role;

  async function saveRole() {
    onError(undefined);
    setSaving(true);
    const res = await changeRole(slug, { membershipId: m.id, role });
    setSaving(false);
    if (!res.ok) {
      setRole(m.role);
      return onError(res.message);
    }
    router.refresh();
  }

  async function doRemove() {
    onError(undefined);
    const res = await remove(slug, { membershipId: m.id });
    if (!res.ok) return onError(res.message);
    if (res.data.self) return router.push("/");
    router.refresh();
  }

  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium text-gray-900">
          {m.name || m.email}
          {self && <span className="ml-2 text-xs font-normal text-gray-500">(you)</span>}
        </p>
        {m.name && <p className="truncate text-sm text-gray-600">{m.email}</p>}
        <p className="text-xs text-gray-500">Joined {m.joined}</p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {manageable && !lastOwner ? (
          <>
            <label htmlFor={selectId} className="sr-only">
              Role for {m.email}
            </label>
            <Select id={selectId} className="w-auto" value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={saving}>
              {(roles.includes(m.role) ? roles : [m.role, ...roles]).map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </Select>
            {role !== m.role &&
              (selfDemotion ? (
                <ConfirmButton
                  label="Change my role"
                  question={`Change your own role to ${roleLabels[role]}? You may lose access to some pages.`}
                  confirmLabel="Change"
                  pendingLabel="Saving…"
                  onConfirm={saveRole}
                />
              ) : (
                <Button type="button" variant="secondary" onClick={saveRole} disabled={saving}>
                  {saving ? "Saving…" : "Save role"}
                </Button>
              ))}
          </>
        ) : (
          <span title={lastOwner ? "The only owner cannot be changed. Make another member an owner first." : undefined}>
            <RoleBadge role={m.role} />
            {lastOwner && <span className="ml-2 text-xs text-gray-500">Only owner</span>}
          </span>
        )}
        {self && !lastOwner && (
          <ConfirmButton
            label="Leave"
            question={`Leave ${workspaceName}? You will need a new invitation to come back.`}
            confirmLabel="Leave workspace"
            pendingLabel="Leaving…"
            onConfirm={doRemove}
          />
        )}
        {!self && manageable && !lastOwner && (
          <ConfirmButton
            label="Remove"
            question={`Remove ${m.email}? They lose access at once.`}
            confirmLabel="Remove"
            pendingLabel="Removing…"
            onConfirm={doRemove}
          />
        )}
      </div>
    </li>
  );
}
