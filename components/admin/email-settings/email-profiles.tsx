"use client";
import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { LiveNotice, type Notice } from "./live-notice";
import { ProfileForm } from "./profile-form";
import type { ProfileView } from "./types";

type Props = {
  slug: string;
  profiles: ProfileView[];
  /** The profile being edited, from the address (`?edit=`), so Edit is a link that works before hydration. */
  editId?: string;
  /** Form POSTs (they work before hydration). */
  create: FormAction<ProfileView>;
  update: FormAction<ProfileView>;
  remove: FormAction<{ id: string; wasDefault: boolean }>;
  makeDefault: FormAction<unknown>;
};
type Kind = "create" | "update" | "remove" | "default";

const sender = (p: { fromName: string; fromAddress: string }) => `${p.fromName} <${p.fromAddress}>`;

export function EmailProfiles({ slug, profiles, editId, create, update, remove, makeDefault }: Props) {
  const base = `/w/${slug}/settings/email`;
  // Before hydration each form posts to the page without `?edit=`, so the next page has editing closed.
  const permalink = `${base}#profiles`;
  const [createState, createAction, creating] = useActionState<FormState<ProfileView>, FormData>(create, {}, permalink);
  const [updateState, updateAction, updating] = useActionState<FormState<ProfileView>, FormData>(update, {}, permalink);
  const [removeState, removeAction] = useActionState<FormState<{ id: string; wasDefault: boolean }>, FormData>(remove, {}, permalink);
  const [defaultState, defaultAction] = useActionState<FormState<unknown>, FormData>(makeDefault, {}, permalink);
  // A plain POST has one result; with JavaScript, the last form sent says what happened (Edit clears it).
  const [last, setLast] = useState<Kind | "none">();
  const kind = last ?? (createState.result ? "create" : updateState.result ? "update" : removeState.result ? "remove" : defaultState.result ? "default" : "none");
  const [editingId, setEditingId] = useState(updateState.result?.ok ? undefined : editId);
  const editing = profiles.find((p) => p.id === editingId) ?? null;
  const by = (id: string | undefined) => profiles.find((p) => p.id === id);

  function stopEditing(id?: string) {
    setEditingId(undefined);
    if (id) requestAnimationFrame(() => document.getElementById(`edit-profile-${id}`)?.focus());
  }

  let notice: Notice;
  if (kind === "create" || kind === "update") {
    const st = kind === "create" ? createState : updateState;
    const r = st.result;
    // Field refusals are shown beside the fields; anything else up here.
    if (r && !r.ok && !Object.keys(r.fieldErrors ?? {}).some((f) => ["fromName", "fromAddress", "replyTo"].includes(f))) notice = { tone: "error", text: r.message };
    if (r?.ok)
      notice = {
        tone: "success",
        text: kind === "create" ? `Added ${sender(r.data)}${r.data.isDefault ? ". It is the default: invitations and login emails are sent from it." : "."}` : `Saved ${sender(r.data)}.`,
      };
  } else if (kind === "remove" && removeState.result) {
    const r = removeState.result;
    const who = r.ok ? `${removeState.values?.fromName} <${removeState.values?.fromAddress}>` : "";
    notice = !r.ok
      ? { tone: "error", text: r.message }
      : r.data.wasDefault
        ? { tone: "success", text: `Deleted ${who}. There is no default profile now: invitations and login emails are refused until you add one.` }
        : { tone: "success", text: `Deleted ${who}.` };
  } else if (kind === "default" && defaultState.result) {
    const r = defaultState.result;
    const p = by(defaultState.values?.id);
    notice = !r.ok ? { tone: "error", text: r.message } : { tone: "success", text: `${p ? sender(p) : "That profile"} is now the default: new invitations and login emails are sent from it.` };
  }
  // A saved edit ends editing (a plain POST starts with it ended, above).
  useEffect(() => {
    if (updateState.result?.ok) stopEditing(updateState.result.data.id);
  }, [updateState]);
  const formState = editing ? (kind === "update" ? updateState : {}) : kind === "create" ? createState : {};

  return (
    <div className="space-y-5">
      <LiveNotice notice={notice} />
      {profiles.length === 0 ? (
        <Alert tone="warning">
          There is no email profile yet, so invitations and login emails cannot be sent. Add one below: the first profile becomes the default.
        </Alert>
      ) : (
        <div className="-mx-5 overflow-x-auto px-5">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Email profiles</caption>
            <thead className="border-b border-gray-200 text-xs uppercase tracking-wide text-gray-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  From
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Reply-to
                </th>
                <th scope="col" className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {profiles.map((p) => {
                const lastOne = profiles.length === 1;
                return (
                  <tr key={p.id} className="align-top">
                    <td className="py-3 pr-4">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="font-medium text-gray-900">{p.fromName}</span>
                        {p.isDefault && (
                          <span className="inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-100">
                            Default
                          </span>
                        )}
                      </div>
                      <div className="break-all text-gray-600">{p.fromAddress}</div>
                    </td>
                    <td className="break-all py-3 pr-4 text-gray-600">{p.replyTo ?? <span className="text-gray-400">Same as from</span>}</td>
                    <td className="py-3">
                      <div className="flex flex-wrap justify-end gap-2">
                        <Link
                          id={`edit-profile-${p.id}`}
                          href={`${base}?edit=${p.id}#profiles`}
                          className={buttonClass("secondary")}
                          aria-label={`Edit ${sender(p)}`}
                          onClick={(e) => {
                            e.preventDefault();
                            setLast("none");
                            setEditingId(p.id);
                          }}
                        >
                          Edit
                        </Link>
                        {!p.isDefault && (
                          <form action={defaultAction} onSubmit={() => setLast("default")}>
                            <HiddenFields slug={slug} fields={{ id: p.id }} />
                            <SubmitButton variant="secondary" label="Make default" pendingLabel="Saving…" aria-label={`Make ${sender(p)} the default`} />
                          </form>
                        )}
                        {(!p.isDefault || lastOne) && (
                          <ConfirmForm
                            slug={slug}
                            action={removeAction}
                            onPost={() => setLast("remove")}
                            fields={{ id: p.id, fromName: p.fromName, fromAddress: p.fromAddress }}
                            label="Delete"
                            question={
                              p.isDefault
                                ? `Delete ${p.fromAddress}, your only profile? Invitations and login emails are refused until you add another.`
                                : `Delete ${p.fromAddress}?`
                            }
                            confirmLabel="Delete profile"
                            pendingLabel="Deleting…"
                          />
                        )}
                      </div>
                      {p.isDefault && !lastOne && <p className="mt-1 text-right text-xs text-gray-500">To delete it, make another profile the default first.</p>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="border-t border-gray-100 pt-4">
        <ProfileForm
          key={`${editing?.id ?? "new"}-${kind === "create" && createState.result?.ok ? profiles.length : 0}`}
          slug={slug}
          editing={editing}
          action={editing ? updateAction : createAction}
          onPost={() => setLast(editing ? "update" : "create")}
          state={formState}
          pending={creating || updating}
          cancelHref={`${base}#profiles`}
          onCancel={() => stopEditing(editing?.id)}
        />
      </div>
    </div>
  );
}
