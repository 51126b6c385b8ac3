"use client";
import Link from "next/link";
import { useActionState, useEffect, useState } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Button, buttonClass } from "@/components/ui/button";
import { HiddenFields, SubmitButton, submitKeepingInput } from "@/components/ui/confirm-form";
import { Field, Input, Select } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { preferenceOf, signInMethodLabels, userTypeSignInMethods, type CreateUserTypeInput, type UserTypeSignInMethod } from "@/lib/portal/portal-settings-schema";

export type UserTypeView = {
  id: string;
  name: string;
  invitationPreference: "email" | "phone";
  signInMethod: string;
  isDefault: boolean;
  users: number;
  forms: number;
};
type Props = {
  slug: string;
  types: UserTypeView[];
  /** The type being edited, from the address (`?edit=`), so Edit is a link that works before hydration. */
  editId?: string;
  /** Form POSTs (they work before hydration). */
  create: FormAction<unknown>;
  update: FormAction<unknown>;
  makeDefault: FormAction<unknown>;
  /** Why SMS sign-in cannot be picked yet (null: it can). */
  phoneMissing: string | null;
};
type Kind = "create" | "update" | "default";

const isEditable = (m: string): m is UserTypeSignInMethod => (userTypeSignInMethods as readonly string[]).includes(m);

export function UserTypes({ slug, types, editId, create, update, makeDefault, phoneMissing }: Props) {
  const base = `/w/${slug}/settings/portal`;
  // Before hydration each form posts to the page without `?edit=`, so the next page has editing closed.
  const permalink = `${base}#user-types`;
  const [createState, createAction, creating] = useActionState<FormState<unknown>, FormData>(create, {}, permalink);
  const [updateState, updateAction, updating] = useActionState<FormState<unknown>, FormData>(update, {}, permalink);
  const [defaultState, defaultAction] = useActionState<FormState<unknown>, FormData>(makeDefault, {}, permalink);
  const [last, setLast] = useState<Kind | "none">();
  const kind = last ?? (createState.result ? "create" : updateState.result ? "update" : defaultState.result ? "default" : "none");
  const [editing, setEditing] = useState<string | null>(updateState.result?.ok ? null : (editId ?? null));
  useEffect(() => {
    if (updateState.result?.ok) setEditing(null);
  }, [updateState]);

  let notice: Notice;
  const st = kind === "create" ? createState : kind === "update" ? updateState : kind === "default" ? defaultState : {};
  const r = st.result;
  const name = st.values?.name;
  if (r && !r.ok && !(kind !== "default" && (r.fieldErrors?.name || r.fieldErrors?.signInMethod))) notice = { tone: "error", text: r.message };
  if (r?.ok)
    notice = {
      tone: "success",
      text:
        kind === "create"
          ? `Added ${name}. Pick it when you invite someone.`
          : kind === "update"
            ? `Saved ${name}.`
            : `${types.find((t) => t.id === st.values?.id)?.name ?? "That type"} is now the default: invitations without a type use it.`,
    };

  return (
    <div className="space-y-5">
      <LiveNotice notice={notice} />
      {/* On a phone the table scrolls inside the card rather than widening the page: `contain` keeps the box as wide
          as the card, not the table, and `relative` keeps the table's visually hidden labels inside the scroll box. */}
      <div className="relative -mx-5 overflow-x-auto px-5 [contain:inline-size]">
        <table className="min-w-[36rem] w-full text-left text-sm">
          <caption className="sr-only">Portal user types</caption>
          <thead className="border-b border-gray-200 text-xs tracking-wide text-gray-500 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Type</th>
              <th scope="col" className="py-2 pr-4 font-medium">Invited by</th>
              <th scope="col" className="py-2 pr-4 font-medium">Signs in with</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Users</th>
              <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {types.map((t) =>
              editing === t.id && isEditable(t.signInMethod) ? (
                <tr key={t.id}>
                  <td colSpan={5} className="py-3">
                    <TypeForm
                      id={`type-${t.id}`}
                      slug={slug}
                      typeId={t.id}
                      title={`Edit ${t.name}`}
                      initial={{ name: t.name, signInMethod: t.signInMethod }}
                      lockedTo={t.users > 0 || t.forms > 0 ? t.invitationPreference : undefined}
                      phoneMissing={t.invitationPreference === "phone" ? null : phoneMissing}
                      submitLabel="Save changes"
                      note={t.users > 0 ? `A new sign-in method applies from each of the ${t.users.toLocaleString("en")} users' next sign-in.` : undefined}
                      action={updateAction}
                      onPost={() => setLast("update")}
                      state={kind === "update" ? updateState : {}}
                      pending={updating}
                      cancelHref={`${base}#user-types`}
                      onCancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={t.id} className="align-top">
                  <td className="py-3 pr-4">
                    <span className="font-medium text-gray-900">{t.name}</span>
                    {t.isDefault && (
                      <span className="ml-2 inline-flex items-center rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-brand-100 ring-inset">Default</span>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-gray-700">
                    {t.invitationPreference === "email" ? "Email" : "Phone (SMS)"}
                    {(t.users > 0 || t.forms > 0) && (
                      <span className="block text-xs text-gray-500">Locked: the type has {t.users > 0 ? "users" : "portal forms"}</span>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-gray-700">{signInMethodLabels[t.signInMethod] ?? t.signInMethod}</td>
                  <td className="py-3 pr-4 text-right text-gray-700 tabular-nums">{t.users.toLocaleString("en")}</td>
                  <td className="py-3">
                    <div className="flex flex-wrap justify-end gap-2">
                      {isEditable(t.signInMethod) && (
                        <Link
                          href={`${base}?edit=${t.id}#user-types`}
                          className={buttonClass("secondary")}
                          onClick={(e) => {
                            e.preventDefault();
                            setLast("none");
                            setEditing(t.id);
                          }}
                          aria-label={`Edit ${t.name}`}
                        >
                          Edit
                        </Link>
                      )}
                      {!t.isDefault && (
                        <form action={defaultAction} onSubmit={() => setLast("default")}>
                          <HiddenFields slug={slug} fields={{ id: t.id }} />
                          <SubmitButton variant="secondary" label="Make default" pendingLabel="Saving…" aria-label={`Make ${t.name} the default`} />
                        </form>
                      )}
                    </div>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
        {types.length === 0 && <p className="py-4 text-sm text-gray-600">No user types yet. The first invitation creates “Client” (sign-in link by email), or add one below.</p>}
      </div>
      <div className="border-t border-gray-100 pt-4">
        <TypeForm
          key={kind === "create" && createState.result?.ok ? types.length : 0}
          id="type-new"
          slug={slug}
          title="Add a user type"
          initial={{ name: "", signInMethod: "email_link" }}
          phoneMissing={phoneMissing}
          submitLabel="Add user type"
          action={createAction}
          onPost={() => setLast("create")}
          state={kind === "create" ? createState : {}}
          pending={creating}
        />
      </div>
    </div>
  );
}

function TypeForm(p: {
  id: string;
  slug: string;
  typeId?: string;
  title: string;
  initial: CreateUserTypeInput;
  /** The type has users or forms: it stays on this channel. */
  lockedTo?: "email" | "phone";
  phoneMissing: string | null;
  submitLabel: string;
  note?: string;
  action: (data: FormData) => void;
  onPost: () => void;
  state: FormState<unknown>;
  pending: boolean;
  cancelHref?: string;
  onCancel?: () => void;
}) {
  const r = p.state.result;
  const err = (f: string) => (r && !r.ok ? r.fieldErrors?.[f]?.[0] : undefined);
  // After a refusal the form shows what was typed again.
  const typed = r && !r.ok ? p.state.values : undefined;
  return (
    <form action={p.action} onSubmit={submitKeepingInput(p.action, p.onPost)} noValidate className="space-y-3" aria-labelledby={`${p.id}-title`}>
      <HiddenFields slug={p.slug} fields={p.typeId ? { id: p.typeId } : {}} />
      <h3 id={`${p.id}-title`} className="text-sm font-semibold text-gray-900">
        {p.title}
      </h3>
      <div className="grid gap-4 md:grid-cols-2">
        <Field id={`${p.id}-name`} label="Name" hint="What you call these clients, e.g. Client, Partner, Vendor." error={err("name")}>
          <Input id={`${p.id}-name`} name="name" defaultValue={typed?.name ?? p.initial.name} invalid={!!err("name")} autoFocus={!!p.onCancel} />
        </Field>
        <Field id={`${p.id}-method`} label="How they sign in" hint={methodHint(p.lockedTo, p.phoneMissing)} error={err("signInMethod")}>
          <Select id={`${p.id}-method`} name="signInMethod" defaultValue={typed?.signInMethod ?? p.initial.signInMethod}>
            {userTypeSignInMethods.map((m) => {
              const pref = preferenceOf(m);
              const disabled = (p.lockedTo !== undefined && pref !== p.lockedTo) || (pref === "phone" && p.phoneMissing !== null);
              return (
                <option key={m} value={m} disabled={disabled}>
                  {signInMethodLabels[m]}
                  {disabled ? (p.lockedTo !== undefined && pref !== p.lockedTo ? " (locked)" : " (set up SMS first)") : ""}
                </option>
              );
            })}
          </Select>
        </Field>
      </div>
      {p.note && <p className="text-xs text-gray-600">{p.note}</p>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={p.pending}>
          {p.pending ? "Saving…" : p.submitLabel}
        </Button>
        {p.onCancel && (
          <Link
            href={p.cancelHref ?? "#"}
            className={buttonClass("secondary")}
            onClick={(e) => {
              e.preventDefault();
              p.onCancel?.();
            }}
          >
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}

/** What the method picker's hint says: invitations follow the method's channel, and when that cannot change. */
function methodHint(lockedTo: "email" | "phone" | undefined, phoneMissing: string | null): string {
  if (lockedTo) return `Invitations go by ${lockedTo === "phone" ? "SMS" : "email"}. This type has users, so it stays ${lockedTo === "phone" ? "a phone" : "an email"} type: create a new type to switch.`;
  if (phoneMissing) return `Invitations go by email, or by SMS for the SMS code. SMS needs Settings → SMS first: ${phoneMissing}.`;
  return "Invitations go by email, or by SMS for the SMS code (to Indian mobile numbers).";
}
