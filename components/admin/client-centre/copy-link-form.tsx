"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert, Card } from "@/components/ui/card";
import { HiddenFields } from "@/components/ui/confirm-form";
import { CopyButton } from "@/components/ui/copy-button";
import { inputClass } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { ApplicantLabel, type ApplicantView } from "./applicant-label";

type Copied = { url: string; expiresAt: Date | string; contactId: string; name: string };

/** "Copy invitation": pick one ready applicant, get a new link to paste into your own email (a real POST). */
export function CopyLinkForm(p: { slug: string; requestId: string; base: string; requestHref: string; applicants: ApplicantView[]; action: FormAction<Copied> }) {
  const [state, dispatch, pending] = useActionState(p.action, {} as FormState<Copied>);
  const r = state.result;
  const ready = p.applicants.filter((a) => a.missing.length === 0 && !a.revoked);
  const picked = state.values?.contactId ?? (ready.length === 1 ? ready[0].id : undefined);
  const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return (
    <div className="space-y-6">
      {r?.ok && (
        <Card title={`Link for ${r.data.name}`}>
          <div className="space-y-3">
            <div className="flex flex-col gap-2 sm:flex-row">
              <input readOnly value={r.data.url} aria-label="The client's secure link" className={`${inputClass} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={r.data.url} label="Copy link" />
            </div>
            <Alert tone="info">
              This is now {r.data.name}&apos;s only working link: the previous one stopped working. When they open it they still need the one-time code we
              send to their phone and email. It works until {dateFmt.format(new Date(r.data.expiresAt))}.
            </Alert>
          </div>
        </Card>
      )}
      <form action={dispatch} className="space-y-6" noValidate>
        <HiddenFields slug={p.slug} fields={{ requestId: p.requestId }} />
        <Card title={r?.ok ? "Copy another link" : "Select the client"} description="Only applicants with a first name, last name, email address and mobile number can get a link.">
          {r && !r.ok && <div className="mb-4"><Alert tone="error">{r.fieldErrors?.contactId?.[0] ?? r.message}</Alert></div>}
          {p.applicants.length === 0 ? (
            <p className="text-sm text-gray-600">This opportunity has no applicants yet.</p>
          ) : (
            <fieldset>
              <legend className="sr-only">Applicants</legend>
              <ul className="divide-y divide-gray-100">
                {p.applicants.map((a) => {
                  const disabled = a.missing.length > 0 || a.revoked;
                  return (
                    <li key={a.id} className="flex items-start gap-3 py-3">
                      <input
                        id={`copy-${a.id}`}
                        type="radio"
                        name="contactId"
                        value={a.id}
                        disabled={disabled}
                        defaultChecked={!disabled && picked === a.id}
                        required
                        className="mt-1 size-4 border-gray-300 text-brand-600 disabled:opacity-40"
                        aria-describedby={`copy-${a.id}-note`}
                      />
                      <label htmlFor={`copy-${a.id}`} className="min-w-0 flex-1">
                        <ApplicantLabel a={a} base={p.base} noteId={`copy-${a.id}-note`} />
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          )}
        </Card>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending || ready.length === 0}>
            {pending ? "Making the link…" : r?.ok ? "Make a new link" : "Copy link"}
          </Button>
          <Link href={p.requestHref} className={buttonClass("secondary")}>
            Back to the request
          </Link>
        </div>
        <p className="text-xs text-gray-500">Making a new link stops the client&apos;s previous link from working.</p>
      </form>
    </div>
  );
}
