"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { HiddenFields } from "@/components/ui/confirm-form";
import { Field, Input, Select } from "@/components/ui/field";
import { LockedTagEditor } from "./locked-tag-editor";
import { ApplicantLabel, type ApplicantView } from "./applicant-label";
import type { InviteState } from "./types";

type Props = {
  slug: string;
  requestId: string;
  base: string;
  requestHref: string;
  copyHref: string;
  applicants: ApplicantView[];
  templates: { id: string; name: string; isDefault: boolean }[];
  /** The default email profile as "Name <address>", or null: sending is then refused with the way to fix it. */
  profile: string | null;
  action: (prev: InviteState, data: FormData) => Promise<InviteState>;
};

/**
 * The two steps of "Send invitation" as plain form POSTs (they work before JavaScript loads): select applicants,
 * then the template, subject and body around the locked system tag, then the list of who got it.
 */
export function InviteFlow(p: Props) {
  const [state, dispatch, pending] = useActionState(p.action, { step: 1, contactIds: [] } as InviteState);
  const err = (f: string) => state.error?.fieldErrors?.[f]?.[0];
  const ready = p.applicants.filter((a) => a.missing.length === 0 && !a.revoked);

  if (state.step === 3 && state.sent) {
    return (
      <Card title="Invitation sent">
        <div className="space-y-4">
          <Alert tone="success">
            Sent to {state.sent.length} applicant{state.sent.length === 1 ? "" : "s"}. Each now has one working link; any earlier link of theirs stopped working.
          </Alert>
          <ul className="divide-y divide-gray-100">
            {state.sent.map((s) => (
              <li key={s.contactId} className="py-2 text-sm">
                <span className="font-medium text-gray-900">{s.name}</span> <span className="text-gray-600">· {s.email}</span>
                {s.phoneWarning && <p className="mt-1 text-xs text-amber-800">⚠ {s.phoneWarning}.</p>}
              </li>
            ))}
          </ul>
          {state.savedTemplate && ("error" in state.savedTemplate ? <Alert tone="warning">The emails went out, but the template was not saved: {state.savedTemplate.error}</Alert> : <Alert tone="info">Saved as a new template.</Alert>)}
          <div className="flex flex-wrap gap-2">
            <Link href={p.requestHref} className={buttonClass("primary")}>
              Back to the request
            </Link>
          </div>
        </div>
      </Card>
    );
  }

  if (state.step === 2) {
    return (
      <form action={dispatch} className="space-y-6" noValidate>
        <HiddenFields slug={p.slug} fields={{ requestId: p.requestId }} />
        {state.contactIds.map((id) => (
          <input key={id} type="hidden" name="contactIds" value={id} />
        ))}
        <Card title="Step 2 of 2: the email" description={`To ${state.contactIds.length} applicant${state.contactIds.length === 1 ? "" : "s"}: ${p.applicants.filter((a) => state.contactIds.includes(a.id)).map((a) => a.name).join(", ")}`}>
          <div className="space-y-5">
            {!p.profile ? (
              <Alert tone="error">
                Invitations can&apos;t be sent yet: the workspace has no default email profile to send from.{" "}
                <Link href={`${p.base}/settings/email`} className="font-medium underline">
                  Add one in Email settings
                </Link>
                , then come back. You can still{" "}
                <Link href={p.copyHref} className="font-medium underline">
                  copy a link
                </Link>{" "}
                and paste it into your own email.
              </Alert>
            ) : (
              <p className="text-sm text-gray-600">From {p.profile}</p>
            )}
            {state.error && !["subject", "body", "saveAsName"].some((f) => state.error?.fieldErrors?.[f]) && <Alert tone="error">{state.error.message}</Alert>}
            {state.error?.code === "NO_EMAIL_PROFILE" && (
              <Link href={`${p.base}/settings/email`} className="text-sm font-medium text-brand-700 underline">
                Open Email settings
              </Link>
            )}
            <div className="flex flex-wrap items-end gap-2">
              <div className="min-w-56 flex-1">
                <Field id="invite-template" label="Template" error={err("templateId")}>
                  <Select id="invite-template" name="templateId" defaultValue={state.templateId}>
                    {p.templates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                        {t.isDefault ? " (default)" : ""}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <Button type="submit" name="intent" value="template" variant="secondary" disabled={pending}>
                Use this template
              </Button>
            </div>
            <LockedTagEditor
              key={`${state.templateId}-${state.subject}`}
              idPrefix="invite"
              subject={state.subject ?? ""}
              bodyBefore={state.bodyBefore ?? ""}
              bodyAfter={state.bodyAfter ?? ""}
              errors={{ subject: err("subject"), body: err("body") }}
            />
            <p className="text-xs text-gray-500">Your changes apply to this send only; the template stays as it is.</p>
            <Field id="invite-save-as" label="Also save as a new template (optional)" hint="Leave blank to keep this wording for this send only." error={err("saveAsName")}>
              <Input id="invite-save-as" name="saveAsName" defaultValue={state.saveAsName ?? ""} maxLength={100} placeholder="Template name" />
            </Field>
          </div>
        </Card>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" name="intent" value="send" disabled={pending || !p.profile}>
            {pending ? "Sending…" : "Send invitation"}
          </Button>
          <Button type="submit" name="intent" value="back" variant="secondary" disabled={pending}>
            Back
          </Button>
        </div>
      </form>
    );
  }

  return (
    <form action={dispatch} className="space-y-6" noValidate>
      <HiddenFields slug={p.slug} fields={{ requestId: p.requestId }} />
      <Card title="Step 1 of 2: applicants" description="Only applicants with a first name, last name, email address and mobile number can get access: the link goes by email and a code by SMS and email.">
        {state.error && <div className="mb-4"><Alert tone="error">{state.error.message}</Alert></div>}
        {p.applicants.length === 0 ? (
          <p className="text-sm text-gray-600">This opportunity has no applicants yet. Add them on the opportunity page first.</p>
        ) : (
          <fieldset>
            <legend className="sr-only">Applicants</legend>
            <ul className="divide-y divide-gray-100">
              {p.applicants.map((a) => {
                const disabled = a.missing.length > 0 || a.revoked;
                return (
                  <li key={a.id} className="flex items-start gap-3 py-3">
                    <input
                      id={`pick-${a.id}`}
                      type="checkbox"
                      name="contactIds"
                      value={a.id}
                      disabled={disabled}
                      defaultChecked={!disabled && (state.contactIds.length ? state.contactIds.includes(a.id) : ready.length === 1)}
                      className="mt-1 size-4 rounded border-gray-300 text-brand-600 disabled:opacity-40"
                      aria-describedby={`pick-${a.id}-note`}
                    />
                    <label htmlFor={`pick-${a.id}`} className="min-w-0 flex-1">
                      <ApplicantLabel a={a} base={p.base} noteId={`pick-${a.id}-note`} />
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        )}
      </Card>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="intent" value="next" disabled={pending || ready.length === 0}>
          {pending ? "Checking…" : "Next"}
        </Button>
        <Link href={p.requestHref} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
