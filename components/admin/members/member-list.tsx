"use client";
import { useActionState, useRef, useState, useSyncExternalStore } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton, invoke } from "@/components/ui/confirm-form";
import { Select } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { roleLabels } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/schema";
import { RoleBadge } from "./role-badge";
import { assignableRoles, canManage, type MemberView } from "./types";

type Props = {
  slug: string;
  workspaceName: string;
  members: MemberView[];
  me: { userId: string; role: Role };
  /** Form POSTs (they work before hydration); leaving goes home, which the action's redirect does. */
  changeRole: FormAction<unknown>;
  remove: FormAction<unknown>;
};

const noop = () => () => {};

export function MemberList({ slug, workspaceName, members, me, changeRole, remove }: Props) {
  // The results live here, so a refusal outlives the row it was about.
  const [roleState, roleAction] = useActionState<FormState<unknown>, FormData>(changeRole, {});
  const [removeState, removeAction] = useActionState<FormState<unknown>, FormData>(remove, {});
  const [last, setLast] = useState<"role" | "remove">();
  const shown = (last ?? (roleState.result ? "role" : "remove")) === "role" ? roleState : removeState;
  const error = shown.result && !shown.result.ok ? shown.result.message : undefined;
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
            roleAction={roleAction}
            removeAction={removeAction}
            onPost={setLast}
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
  roleAction,
  removeAction,
  onPost,
}: Omit<Props, "members" | "changeRole" | "remove"> & {
  member: MemberView;
  lastOwner: boolean;
  roleAction: (d: FormData) => void;
  removeAction: (d: FormData) => void;
  onPost: (k: "role" | "remove") => void;
}) {
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  const self = m.userId === me.userId;
  const manageable = canManage(me.role, m.role);
  const roles = assignableRoles(me.role);
  const [role, setRole] = useState<Role>(m.role);
  const selectId = `role-${m.id}`;
  const formId = `role-form-${m.id}`;
  const dialogId = `role-confirm-${m.id}`;
  const dialog = useRef<HTMLDialogElement>(null);
  // Before hydration nobody knows whether the choice changed, so the save button is always there.
  const changed = !hydrated || role !== m.role;

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
          <form id={formId} action={roleAction} onSubmit={() => onPost("role")} className="contents">
            <HiddenFields slug={slug} fields={{ membershipId: m.id }} />
            <label htmlFor={selectId} className="sr-only">
              Role for {m.email}
            </label>
            <Select id={selectId} name="role" className="w-auto" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {(roles.includes(m.role) ? roles : [m.role, ...roles]).map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </Select>
            {changed &&
              (self ? (
                // Your own role asks first: the dialog's button submits this form (the `form` attribute), so no script.
                <>
                  <Button type="button" variant="secondary" {...invoke(dialogId, "show-modal")} onClick={() => dialog.current?.open || dialog.current?.showModal()}>
                    Change my role
                  </Button>
                  <dialog ref={dialog} id={dialogId} aria-labelledby={`${dialogId}-q`} className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 text-left shadow-xl backdrop:bg-gray-900/40">
                    <div className="space-y-4 p-5">
                      <p id={`${dialogId}-q`} className="text-sm text-gray-900">
                        {hydrated ? `Change your own role to ${roleLabels[role]}?` : "Change your own role?"} You may lose access to some pages.
                      </p>
                      <div className="flex flex-wrap justify-end gap-2">
                        <button type="button" autoFocus className={buttonClass("secondary")} {...invoke(dialogId, "close")} onClick={() => dialog.current?.close()}>
                          Cancel
                        </button>
                        <SubmitButton variant="danger" label="Change" pendingLabel="Saving…" form={formId} onClick={() => dialog.current?.close()} />
                      </div>
                    </div>
                  </dialog>
                </>
              ) : (
                <SubmitButton variant="secondary" label="Save role" pendingLabel="Saving…" />
              ))}
          </form>
        ) : (
          <span title={lastOwner ? "The only owner cannot be changed. Make another member an owner first." : undefined}>
            <RoleBadge role={m.role} />
            {lastOwner && <span className="ml-2 text-xs text-gray-500">Only owner</span>}
          </span>
        )}
        {self && !lastOwner && (
          <ConfirmForm
            slug={slug}
            action={removeAction}
            onPost={() => onPost("remove")}
            fields={{ membershipId: m.id }}
            label="Leave"
            question={`Leave ${workspaceName}? You will need a new invitation to come back.`}
            confirmLabel="Leave workspace"
            pendingLabel="Leaving…"
          />
        )}
        {!self && manageable && !lastOwner && (
          <ConfirmForm
            slug={slug}
            action={removeAction}
            onPost={() => onPost("remove")}
            fields={{ membershipId: m.id }}
            label="Remove"
            question={`Remove ${m.email}? They lose access at once.`}
            confirmLabel="Remove"
            pendingLabel="Removing…"
          />
        )}
      </div>
    </li>
  );
}
