"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import { createUserTypeSchema, emailSignInMethods, signInMethodLabels, type CreateUserTypeInput, type EmailSignInMethod } from "@/lib/portal/portal-settings-schema";

export type UserTypeView = { id: string; name: string; invitationPreference: "email" | "phone"; signInMethod: string; isDefault: boolean; users: number };
type Act<I> = (slug: string, input: I) => Promise<ActionResult<unknown>>;
type Props = {
  slug: string;
  types: UserTypeView[];
  create: Act<CreateUserTypeInput>;
  update: Act<CreateUserTypeInput & { id: string }>;
  makeDefault: Act<{ id: string }>;
};

const isEmailMethod = (m: string): m is EmailSignInMethod => (emailSignInMethods as readonly string[]).includes(m);

export function UserTypes({ slug, types, create, update, makeDefault }: Props) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string>();

  async function doDefault(t: UserTypeView) {
    setBusy(t.id);
    setNotice(undefined);
    const res = await makeDefault(slug, { id: t.id });
    setBusy(undefined);
    if (!res.ok) return setNotice({ tone: "error", text: res.message });
    setNotice({ tone: "success", text: `${t.name} is now the default: invitations without a type use it.` });
    router.refresh();
  }

  return (
    <div className="space-y-5">
      <LiveNotice notice={notice} />
      <div className="-mx-5 overflow-x-auto px-5">
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
              editing === t.id && isEmailMethod(t.signInMethod) ? (
                <tr key={t.id}>
                  <td colSpan={5} className="py-3">
                    <TypeForm
                      id={`type-${t.id}`}
                      title={`Edit ${t.name}`}
                      initial={{ name: t.name, signInMethod: t.signInMethod }}
                      submitLabel="Save changes"
                      note={t.users > 0 ? `A new sign-in method applies from each of the ${t.users.toLocaleString("en")} users' next sign-in.` : undefined}
                      onSubmit={(v) => update(slug, { ...v, id: t.id })}
                      onDone={(ok, text) => {
                        setNotice({ tone: ok ? "success" : "error", text });
                        if (ok) {
                          setEditing(null);
                          router.refresh();
                        }
                      }}
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
                    {t.users > 0 && <span className="block text-xs text-gray-500">Locked: the type has users</span>}
                  </td>
                  <td className="py-3 pr-4 text-gray-700">{signInMethodLabels[t.signInMethod] ?? t.signInMethod}</td>
                  <td className="py-3 pr-4 text-right text-gray-700 tabular-nums">{t.users.toLocaleString("en")}</td>
                  <td className="py-3">
                    <div className="flex flex-wrap justify-end gap-2">
                      {isEmailMethod(t.signInMethod) && (
                        <Button type="button" variant="secondary" onClick={() => setEditing(t.id)} aria-label={`Edit ${t.name}`}>
                          Edit
                        </Button>
                      )}
                      {!t.isDefault && (
                        <Button type="button" variant="secondary" disabled={busy === t.id} onClick={() => doDefault(t)} aria-label={`Make ${t.name} the default`}>
                          {busy === t.id ? "Saving…" : "Make default"}
                        </Button>
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
          id="type-new"
          title="Add a user type"
          initial={{ name: "", signInMethod: "email_link" }}
          submitLabel="Add user type"
          onSubmit={(v) => create(slug, v)}
          onDone={(ok, text) => {
            setNotice({ tone: ok ? "success" : "error", text });
            if (ok) router.refresh();
          }}
        />
      </div>
    </div>
  );
}

function TypeForm(p: {
  id: string;
  title: string;
  initial: CreateUserTypeInput;
  submitLabel: string;
  note?: string;
  onSubmit: (v: CreateUserTypeInput) => Promise<ActionResult<unknown>>;
  onDone: (ok: boolean, text: string) => void;
  onCancel?: () => void;
}) {
  const { register, handleSubmit, setError, reset, formState } = useForm<CreateUserTypeInput>({ resolver: zodResolver(createUserTypeSchema), defaultValues: p.initial });
  const e = formState.errors;
  const submit = handleSubmit(async (v) => {
    const res = await p.onSubmit(v);
    if (res.ok) {
      if (!p.onCancel) reset(p.initial);
      return p.onDone(true, p.onCancel ? `Saved ${v.name}.` : `Added ${v.name}. Pick it when you invite someone.`);
    }
    const fe = res.fieldErrors ?? {};
    if (fe.name?.[0]) setError("name", { message: fe.name[0] });
    if (fe.signInMethod?.[0]) setError("signInMethod", { message: fe.signInMethod[0] });
    if (!fe.name && !fe.signInMethod) p.onDone(false, res.message);
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-labelledby={`${p.id}-title`}>
      <h3 id={`${p.id}-title`} className="text-sm font-semibold text-gray-900">
        {p.title}
      </h3>
      <div className="grid gap-4 md:grid-cols-2">
        <Field id={`${p.id}-name`} label="Name" hint="What you call these clients, e.g. Client, Partner, Vendor." error={e.name?.message}>
          <Input id={`${p.id}-name`} invalid={!!e.name} {...register("name")} />
        </Field>
        <Field id={`${p.id}-method`} label="How they sign in" hint="Invitations go by email. SMS sign-in comes with SMS set-up." error={e.signInMethod?.message}>
          <Select id={`${p.id}-method`} {...register("signInMethod")}>
            {emailSignInMethods.map((m) => (
              <option key={m} value={m}>
                {signInMethodLabels[m]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {p.note && <p className="text-xs text-gray-600">{p.note}</p>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? "Saving…" : p.submitLabel}
        </Button>
        {p.onCancel && (
          <Button type="button" variant="secondary" onClick={p.onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
