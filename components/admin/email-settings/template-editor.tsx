"use client";
import { insertAtCursor } from "@/components/ui/insert-at-cursor";
import { zodResolver } from "@hookform/resolvers/zod";
import { useActionState, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { ConfirmForm, HiddenFields, submitKeepingInput } from "@/components/ui/confirm-form";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { Field, Input, inputClass } from "@/components/ui/field";
import { emailTemplateKinds, mergeFields, renderEmailTemplate, systemTags, type EmailTemplateKind } from "@/lib/messaging/templates";
import { LiveNotice, type Notice } from "./live-notice";
import { emailTemplateFormSchema, mergeFieldsFor, templateLabels, type EmailTemplateFormValues } from "@/lib/email-settings/email-settings-schema";
import type { PreviewSamples, TemplateView } from "./types";

type Props = {
  slug: string;
  templates: Record<EmailTemplateKind, TemplateView>;
  samples: PreviewSamples;
  /** The tab open at first (`?template=`), so each tab is a link that works before hydration. */
  initialKind?: string;
  /** Form POSTs (they work before hydration); the preview and the merge-field buttons are the JavaScript enhancements. */
  save: FormAction<{ subject: string; body: string }>;
  reset: FormAction<{ subject: string; body: string }>;
};

const noop = () => () => {};
const useHydrated = () => useSyncExternalStore(noop, () => true, () => false);

const noun: Record<EmailTemplateKind, string> = {
  invitation: "invitation",
  login_email: "login email",
  sign_in_code: "sign-in code email",
  sign_in_link: "sign-in link email",
  documents_shared: "new-documents email",
  unread_messages: "unread-messages email",
  contract_to_sign: "contract-to-sign email",
  contract_signed: "contract-signed email",
};

const purpose: Record<EmailTemplateKind, string> = {
  invitation: "Sent when you invite a client to the portal. Carries their personal link.",
  login_email: "Sent by “Send login email”, one at a time or in bulk. Carries the client’s personal link.",
  sign_in_code: "Sent when a client asks for a code on the sign-in page.",
  sign_in_link: "Sent when a client asks for a sign-in link on the sign-in page, or opens an expired link.",
  documents_shared: "Sent a couple of minutes after you share documents with a client: one email for everything shared meanwhile. Links to their documents, never a sign-in link.",
  unread_messages: "Sent when a client leaves your messages unread for ten minutes: one email for all of them, none if they read them first.",
  contract_to_sign: "Sent when a contract or proposal is waiting for the client's signature. Links to it in the portal.",
  contract_signed: "Sent to each signer when everyone has signed, so they can download their signed copy.",
};

/** The client emails, one tab each: edit subject and body with merge fields, see the email as clients get it. */
export function TemplateEditor({ slug, templates, samples, initialKind, save, reset }: Props) {
  const [kind, setKind] = useState<EmailTemplateKind>(emailTemplateKinds.find((k) => k === initialKind) ?? "invitation");
  const tabRefs = useRef<Record<string, HTMLAnchorElement | null>>({});

  function onTabKey(e: React.KeyboardEvent, i: number) {
    const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = emailTemplateKinds[(i + d + emailTemplateKinds.length) % emailTemplateKinds.length];
    setKind(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="Email templates" className="-mx-1 flex flex-wrap gap-x-1 border-b border-gray-200 px-1">
        {emailTemplateKinds.map((k, i) => (
          <a
            key={k}
            ref={(el) => {
              tabRefs.current[k] = el;
            }}
            role="tab"
            href={`?template=${k}#templates`}
            id={`tab-${k}`}
            aria-selected={kind === k}
            aria-controls={`panel-${k}`}
            tabIndex={kind === k ? 0 : -1}
            onClick={(e) => {
              e.preventDefault();
              setKind(k);
            }}
            onKeyDown={(e) => onTabKey(e, i)}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${kind === k ? "border-brand-600 text-brand-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}
          >
            {templateLabels[k]}
            {templates[k].customised && <span className="ml-1.5 rounded bg-gray-100 px-1.5 py-0.5 text-xs font-normal text-gray-600">edited</span>}
          </a>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${kind}`} aria-labelledby={`tab-${kind}`}>
        <OneTemplate key={kind} slug={slug} kind={kind} template={templates[kind]} samples={samples} save={save} reset={reset} />
      </div>
    </div>
  );
}

function OneTemplate({ slug, kind, template, samples, save, reset: resetAction }: Omit<Props, "templates" | "initialKind"> & { kind: EmailTemplateKind; template: TemplateView }) {
  const [saveState, saveFormAction, saving] = useActionState<FormState<{ subject: string; body: string }>, FormData>(save, {});
  const [resetState, resetFormAction] = useActionState<FormState<{ subject: string; body: string }>, FormData>(resetAction, {});
  const [last, setLast] = useState<"save" | "reset">();
  const hydrated = useHydrated();
  const [view, setView] = useState<"html" | "text">("html");
  const schema = useMemo(() => emailTemplateFormSchema(kind), [kind]);
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  const refused = saveState.result && !saveState.result.ok ? saveState : undefined;
  const initial = { subject: refused?.values?.subject ?? template.subject, body: refused?.values?.body ?? template.body };
  const { register, control, setValue, setError, reset, getValues, formState } = useForm<EmailTemplateFormValues>({
    resolver: zodResolver(schema),
    // After a refused plain POST the page comes back with what was typed.
    defaultValues: initial,
    mode: "onChange",
  });
  const { errors, isDirty } = formState;
  const subject = useWatch({ control, name: "subject" }) ?? "";
  const body = useWatch({ control, name: "body" }) ?? "";
  // Only the fields this email is really sent with, so the preview shows what an unusable field would come out as.
  const values = useMemo(() => Object.fromEntries(mergeFieldsFor[kind].map((f) => [f, samples.values[f]])), [kind, samples]);
  const preview = useMemo(() => renderEmailTemplate({ subject, body }, values, { color: samples.color, logoUrl: samples.logoUrl }), [subject, body, values, samples.color, samples.logoUrl]);
  const tag = systemTags[kind];
  const bodyField = register("body");
  const done = (last ?? (saveState.result ? "save" : resetState.result ? "reset" : undefined)) === "reset" ? resetState : saveState;
  const notice: Notice = !done.result
    ? undefined
    : !done.result.ok
      ? { tone: "error", text: done.result.message }
      : { tone: "success", text: done === resetState ? "Back to the default wording." : `Saved. Every new ${noun[kind]} uses this wording.` };
  // Before hydration the server's refusals are shown as they came; after it, the form's own checks take over.
  const serverError = (f: "subject" | "body") => (hydrated ? undefined : refused?.result && !refused.result.ok ? refused.result.fieldErrors?.[f]?.[0] : undefined);

  // With JavaScript: a saved or reset template becomes the form's new starting point; refusals go beside the fields.
  useEffect(() => {
    const r = saveState.result;
    if (r?.ok) reset({ subject: r.data.subject, body: r.data.body });
    else if (r) for (const f of ["subject", "body"] as const) if (r.fieldErrors?.[f]?.[0]) setError(f, { message: r.fieldErrors[f]![0] });
  }, [saveState, reset, setError]);
  useEffect(() => {
    const r = resetState.result;
    if (r?.ok) reset({ subject: r.data.subject, body: r.data.body });
  }, [resetState, reset]);

  const insert = (field: string) =>
    insertAtCursor(bodyRef.current, getValues("body"), `{{${field}}}`, (next) => setValue("body", next, { shouldDirty: true, shouldValidate: true }));

  const fid = `tpl-${kind}`;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-3">
        <form
          action={saveFormAction}
          // What the form's own checks already refuse is not sent (the server checks the same again).
          onSubmit={(e) => {
            if (errors.subject || errors.body) e.preventDefault();
            else submitKeepingInput(saveFormAction, () => setLast("save"))(e);
          }}
          noValidate
          className="space-y-4"
          aria-label={`${templateLabels[kind]} template`}
        >
          <HiddenFields slug={slug} fields={{ kind }} />
          <p className="text-sm text-gray-600">{purpose[kind]}</p>
          <Field id={`${fid}-subject`} label="Subject" error={errors.subject?.message ?? serverError("subject")}>
            <Input id={`${fid}-subject`} invalid={!!(errors.subject ?? serverError("subject"))} {...register("subject")} defaultValue={initial.subject} />
          </Field>
          <Field
            id={`${fid}-body`}
            label="Body"
            hint={
              <>
                Blank lines separate paragraphs; a link on a line of its own becomes the button. Keep <code className="font-mono">{`{{${tag}}}`}</code> exactly as
                written.
              </>
            }
            error={errors.body?.message ?? serverError("body")}
          >
            <textarea
              id={`${fid}-body`}
              rows={11}
              aria-invalid={!!errors.body || undefined}
              aria-describedby={errors.body ? `${fid}-body-error` : `${fid}-body-hint`}
              className={`${inputClass} font-mono`}
              {...bodyField}
            // In the server's HTML too (the form library fills fields only once hydrated), so Save posts the text.
            defaultValue={initial.body}
              ref={(el) => {
                bodyField.ref(el);
                bodyRef.current = el;
              }}
            />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-gray-800">Insert a merge field</legend>
            <ul className="mt-2 flex flex-wrap gap-2">
              {mergeFieldsFor[kind].map((f) => (
                <li key={f}>
                  <button
                    type="button"
                    disabled={!hydrated}
                    onClick={() => insert(f)}
                    title={mergeFields[f]}
                    aria-label={`Insert ${mergeFields[f].toLowerCase()}`}
                    className={`rounded-md px-2 py-1 font-mono text-xs ring-1 ring-inset focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-brand-600 ${f === tag ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-gray-50 text-gray-800 ring-gray-300 hover:bg-gray-100"}`}
                  >
                    {`{{${f}}}`}
                    {f === tag && <span className="ml-1 font-sans">· system tag</span>}
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
          <LiveNotice notice={notice} />
          <div className="flex flex-wrap items-center gap-2">
            {/* Until hydration nothing can tell whether the text changed, so Save is on. */}
            <Button type="submit" disabled={saving || (hydrated && !isDirty)}>
              {saving ? "Saving…" : "Save template"}
            </Button>
            {isDirty && (
              <Button type="button" variant="secondary" onClick={() => reset()} disabled={saving}>
                Discard changes
              </Button>
            )}
          </div>
        </form>
        {/* Its own form, beside the editor's (forms cannot nest). */}
        {template.customised && !isDirty && (
          <div>
            <ConfirmForm
              slug={slug}
              action={resetFormAction}
              onPost={() => setLast("reset")}
              fields={{ kind }}
              label="Reset to default"
              question="Replace your wording with the default?"
              confirmLabel="Reset"
              pendingLabel="Resetting…"
            />
          </div>
        )}
      </div>
      <section aria-labelledby={`${fid}-preview`} className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 id={`${fid}-preview`} className="text-sm font-semibold text-gray-900">
            Preview
          </h3>
          <div role="group" aria-label="Preview part" className="inline-flex rounded-md ring-1 ring-inset ring-gray-300">
            {(["html", "text"] as const).map((v) => (
              <button
                key={v}
                type="button"
                disabled={!hydrated}
                aria-pressed={view === v}
                onClick={() => setView(v)}
                className={`px-3 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md ${view === v ? "bg-gray-900 text-white" : "text-gray-700 hover:bg-gray-50"}`}
              >
                {v === "html" ? "HTML" : "Plain text"}
              </button>
            ))}
          </div>
        </div>
        <dl className="rounded-md bg-gray-50 px-3 py-2 text-xs text-gray-700 ring-1 ring-inset ring-gray-200">
          <div className="flex gap-2">
            <dt className="w-14 shrink-0 text-gray-500">From</dt>
            <dd className="min-w-0 break-all">{samples.from ?? <span className="text-amber-800">No default email profile yet</span>}</dd>
          </div>
          <div className="flex gap-2">
            <dt className="w-14 shrink-0 text-gray-500">To</dt>
            <dd className="min-w-0 break-all">
              {samples.values["contact.first_name"]} {samples.values["contact.last_name"]} &lt;{samples.values["contact.email"]}&gt;
            </dd>
          </div>
          <div className="flex gap-2">
            <dt className="w-14 shrink-0 text-gray-500">Subject</dt>
            <dd className="min-w-0 font-medium text-gray-900" data-testid="preview-subject">
              {preview.subject}
            </dd>
          </div>
        </dl>
        {view === "html" ? (
          <iframe title={`Preview of the ${templateLabels[kind].toLowerCase()} email`} sandbox="" srcDoc={preview.html} className="h-[26rem] w-full rounded-md bg-white ring-1 ring-gray-200" />
        ) : (
          <pre data-testid="preview-text" className="h-[26rem] overflow-auto whitespace-pre-wrap rounded-md bg-white p-3 text-xs text-gray-800 ring-1 ring-gray-200">
            {preview.text}
          </pre>
        )}
        <p className="text-xs text-gray-500">The preview uses a sample client and sample links; real emails carry each client’s own.</p>
      </section>
    </div>
  );
}
