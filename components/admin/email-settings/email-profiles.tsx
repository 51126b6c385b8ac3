"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/admin/members/confirm-button";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { LiveNotice, type Notice } from "./live-notice";
import { ProfileForm } from "./profile-form";
import type { EmailProfileFields } from "@/lib/email-settings/email-settings-schema";
import type { Action, ProfileView } from "./types";

type Props = {
  slug: string;
  profiles: ProfileView[];
  create: Action<EmailProfileFields, ProfileView>;
  update: Action<EmailProfileFields & { id: string }, ProfileView>;
  remove: Action<{ id: string }, { id: string; wasDefault: boolean }>;
  makeDefault: Action<{ id: string }, unknown>;
};

const sender = (p: { fromName: string; fromAddress: string }) => `${p.fromName} <${p.fromAddress}>`;

export function EmailProfiles({ slug, profiles, create, update, remove, makeDefault }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState<ProfileView | null>(null);
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState<string>();

  function stopEditing(id?: string) {
    setEditing(null);
    if (id) requestAnimationFrame(() => document.getElementById(`edit-profile-${id}`)?.focus());
  }

  async function doMakeDefault(p: ProfileView) {
    setNotice(undefined);
    setBusy(p.id);
    const res = await makeDefault(slug, { id: p.id });
    setBusy(undefined);
    if (!res.ok) return setNotice({ tone: "error", text: res.message });
    setNotice({ tone: "success", text: `${sender(p)} is now the default: new invitations and login emails are sent from it.` });
    router.refresh();
  }

  async function doDelete(p: ProfileView) {
    setNotice(undefined);
    const res = await remove(slug, { id: p.id });
    if (!res.ok) return setNotice({ tone: "error", text: res.message });
    if (editing?.id === p.id) setEditing(null);
    setNotice({
      tone: "success",
      text: res.data.wasDefault
        ? `Deleted ${sender(p)}. There is no default profile now: invitations and login emails are refused until you add one.`
        : `Deleted ${sender(p)}.`,
    });
    router.refresh();
  }

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
                        <Button
                          id={`edit-profile-${p.id}`}
                          type="button"
                          variant="secondary"
                          aria-label={`Edit ${sender(p)}`}
                          onClick={() => {
                            setNotice(undefined);
                            setEditing(p);
                          }}
                        >
                          Edit
                        </Button>
                        {!p.isDefault && (
                          <Button type="button" variant="secondary" disabled={busy === p.id} onClick={() => doMakeDefault(p)} aria-label={`Make ${sender(p)} the default`}>
                            {busy === p.id ? "Saving…" : "Make default"}
                          </Button>
                        )}
                        {(!p.isDefault || lastOne) && (
                          <ConfirmButton
                            label="Delete"
                            question={
                              p.isDefault
                                ? `Delete ${p.fromAddress}, your only profile? Invitations and login emails are refused until you add another.`
                                : `Delete ${p.fromAddress}?`
                            }
                            confirmLabel="Delete profile"
                            pendingLabel="Deleting…"
                            onConfirm={() => doDelete(p)}
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
          key={editing?.id ?? "new"}
          slug={slug}
          editing={editing}
          create={create}
          update={update}
          onSaved={(saved, created) => {
            setNotice({
              tone: "success",
              text: created
                ? `Added ${sender(saved)}${saved.isDefault ? ". It is the default: invitations and login emails are sent from it." : "."}`
                : `Saved ${sender(saved)}.`,
            });
            stopEditing(created ? undefined : saved.id);
            router.refresh();
          }}
          onError={(text) => setNotice({ tone: "error", text })}
          onCancel={() => stopEditing(editing?.id)}
        />
      </div>
    </div>
  );
}
