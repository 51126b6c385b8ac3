"use client";
import { insertAtCursor } from "@/components/ui/insert-at-cursor";
import { useActionState, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Button } from "@/components/ui/button";
import { ConfirmForm, HiddenFields, submitKeepingInput } from "@/components/ui/confirm-form";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input, inputClass, Select } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import { dltVariableCount, type DiffPart } from "@/lib/sms/dlt-match";
import { nonGsmChars } from "@/lib/sms/segments";
import { isDltApproved } from "@/lib/sms/sender-id";
import { checkSmsMapping, defaultMsg91Vars, parseMsg91Vars, suggestedDltText, type MappingField } from "@/lib/sms/sms-mapping";
import { smsFieldsFor, smsMergeFields, smsSystemTags, smsTemplateKinds, smsTemplateLabels, type SmsMergeField, type SmsTemplateKind } from "@/lib/sms/sms-templates";
import type { SmsEditorContext, SmsTemplateView } from "./types";

type Saved = { kind: SmsTemplateKind; body: string };
type Props = {
  slug: string;
  templates: Record<SmsTemplateKind, SmsTemplateView>;
  context: SmsEditorContext;
  /** The tab open at first (`?sms=`), so each tab is a link that works before hydration. */
  initialKind?: string;
  save: FormAction<Saved>;
  reset: FormAction<Saved>;
};

const noop = () => () => {};
const useHydrated = () => useSyncExternalStore(noop, () => true, () => false);

const purpose: Record<SmsTemplateKind, string> = {
  invitation: "Sent when you invite a client by phone. Carries their personal short link.",
  sign_in_code: "Sent when a client signs in with their mobile number. Carries the 6-digit code.",
  sign_in_link: "Sent when a client asks for a sign-in link by SMS. Carries a one-time short link.",
  login_message: "Sent by “Send login message” to phone users, one at a time or in bulk. Carries their personal short link.",
  portal_update: "Optional. Tells phone users that documents, messages or a contract are waiting in the portal (no link token: they sign in as usual). Without it, they get these notices by email when they have an address.",
};

/** The four portal SMS, one tab each: text with merge fields, its DLT mapping, a live preview and the DLT check. */
export function SmsTemplateEditor({ slug, templates, context, initialKind, save, reset }: Props) {
  const [kind, setKind] = useState<SmsTemplateKind>(smsTemplateKinds.find((k) => k === initialKind) ?? "invitation");
  return (
    <div className="space-y-4">
      <div role="tablist" aria-label="SMS templates" className="-mx-1 flex flex-wrap gap-x-1 border-b border-gray-200 px-1">
        {smsTemplateKinds.map((k) => (
          <a
            key={k}
            role="tab"
            href={`?sms=${k}#sms-templates`}
            id={`sms-tab-${k}`}
            aria-selected={kind === k}
            aria-controls={`sms-panel-${k}`}
            onClick={(e) => {
              e.preventDefault();
              setKind(k);
            }}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${kind === k ? "border-brand-600 text-brand-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}
          >
            {smsTemplateLabels[k]}
          </a>
        ))}
      </div>
      <div role="tabpanel" id={`sms-panel-${kind}`} aria-labelledby={`sms-tab-${kind}`}>
        <OneSmsTemplate key={kind} slug={slug} kind={kind} template={templates[kind]} context={context} save={save} reset={reset} />
      </div>
    </div>
  );
}

function OneSmsTemplate({ slug, kind, template, context, save, reset: resetAction }: Omit<Props, "templates" | "initialKind"> & { kind: SmsTemplateKind; template: SmsTemplateView }) {
  const permalink = `/w/${slug}/settings/sms?sms=${kind}#sms-templates`;
  const [saveState, saveFormAction, saving] = useActionState<FormState<Saved>, FormData>(save, {}, permalink);
  const [resetState, resetFormAction] = useActionState<FormState<Saved>, FormData>(resetAction, {}, permalink);
  const [last, setLast] = useState<"save" | "reset">();
  const hydrated = useHydrated();
  // After a refused plain POST the page comes back with what was typed.
  const refused = saveState.result && !saveState.result.ok ? saveState.values : undefined;
  const [body, setBody] = useState(refused?.body ?? template.body);
  const [dltId, setDltId] = useState(refused?.dltTemplateId ?? template.dltTemplateId ?? "");
  const [senderId, setSenderId] = useState(refused?.senderId ?? template.senderId ?? "");
  const [msg91Id, setMsg91Id] = useState(refused?.msg91TemplateId ?? template.msg91TemplateId ?? "");
  const [msg91Vars, setMsg91Vars] = useState(refused?.msg91Vars ?? template.msg91Vars?.join(", ") ?? "");
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);

  useEffect(() => {
    const r = resetState.result;
    if (r?.ok) {
      setBody(r.data.body);
      setDltId("");
    }
  }, [resetState]);

  const dlt = context.dlts.find((d) => d.id === dltId) ?? null;
  const varCount = dlt ? dltVariableCount(dlt.content) : 0;
  const check = useMemo(
    () =>
      checkSmsMapping({
        kind,
        body,
        statics: context.statics,
        dlt,
        senderId: senderId || null,
        senderIds: context.senderIds,
        msg91TemplateId: msg91Id || null,
        msg91Vars: dlt ? parseMsg91Vars(msg91Vars, varCount) : null,
        whitelist: context.whitelist,
      }),
    [kind, body, context, dlt, senderId, msg91Id, msg91Vars, varCount],
  );
  // Unmapped, only the text's own problems stop a save; mapped, every problem does (the server decides the same).
  const blocking = check.problems.filter((p) => (dlt ? true : p.field === "body" && p.code !== "SMS_URL_NOT_WHITELISTED"));
  const errorFor = (f: MappingField) => {
    if (!hydrated && saveState.result && !saveState.result.ok) return saveState.result.fieldErrors?.[f]?.[0];
    return undefined;
  };
  const done = (last ?? (saveState.result ? "save" : resetState.result ? "reset" : undefined)) === "reset" ? resetState : saveState;
  const notice: Notice = !done.result
    ? undefined
    : !done.result.ok
      ? { tone: "error", text: done.result.message }
      : { tone: "success", text: done === resetState ? "Back to the default text, not mapped. Register it on DLT or map the text you had." : dlt ? "Saved and mapped. Every new SMS of this kind uses it." : "Saved. Map it to its DLT template before it can be sent." };
  const tags = smsSystemTags[kind];
  const seg = check.sample.segments;
  const foreign = nonGsmChars(check.sample.text);
  const suggested = suggestedDltText(body, context.statics);

  const insert = (field: SmsMergeField) => insertAtCursor(bodyRef.current, body, `{{${field}}}`, setBody);

  const fid = `sms-${kind}`;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="min-w-0 space-y-3">
        <form
          action={saveFormAction}
          onSubmit={submitKeepingInput(saveFormAction, () => setLast("save"))}
          noValidate
          className="space-y-4"
          aria-label={`${smsTemplateLabels[kind]} SMS`}
        >
          <HiddenFields slug={slug} fields={{ kind }} />
          <p className="text-sm text-gray-600">{purpose[kind]}</p>
          <Field
            id={`${fid}-body`}
            label="Text"
            hint={
              <>
                Keep {tags.map((t, i) => (
                  <span key={t}>
                    {i > 0 && " or "}
                    <code className="font-mono">{`{{${t}}}`}</code>
                  </span>
                ))}{" "}
                exactly as written. Every character counts: DLT compares the text letter by letter.
              </>
            }
            error={errorFor("body")}
          >
            <textarea
              id={`${fid}-body`}
              ref={bodyRef}
              name="body"
              rows={6}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              aria-invalid={!!errorFor("body") || undefined}
              aria-describedby={errorFor("body") ? `${fid}-body-error` : `${fid}-body-hint`}
              className={`${inputClass} font-mono`}
            />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-gray-800">Merge fields</legend>
            <ul className="mt-2 flex flex-wrap gap-2">
              {smsFieldsFor[kind].map((f) => {
                const system = tags.includes(f);
                const def = smsMergeFields[f];
                return (
                  <li key={f}>
                    <button
                      type="button"
                      disabled={!hydrated}
                      onClick={() => insert(f)}
                      title={def.label}
                      aria-label={`Insert ${def.label.toLowerCase()}${system ? " (system tag, required)" : ""}`}
                      className={`rounded-md px-2 py-1 font-mono text-xs ring-1 ring-inset focus-visible:outline-2 disabled:cursor-not-allowed disabled:opacity-70 focus-visible:outline-brand-600 ${system ? "bg-amber-50 text-amber-900 ring-amber-300" : def.static ? "bg-gray-50 text-gray-800 ring-gray-300 hover:bg-gray-100" : "bg-sky-50 text-sky-900 ring-sky-200 hover:bg-sky-100"}`}
                    >
                      {system && <LockIcon />}
                      {`{{${f}}}`}
                      <span className="ml-1 font-sans text-[11px] opacity-80">{system ? "· system tag" : def.static ? "· fixed text" : "· variable"}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
            <p className="mt-2 text-xs text-gray-500">
              Fixed-text fields are written into the text DLT sees; each variable field becomes one DLT variable (at most 30 characters). The system tag is the link or code this SMS
              exists to send: it cannot be left out.
            </p>
          </fieldset>

          <fieldset className="space-y-3 rounded-md p-3 ring-1 ring-gray-200">
            <legend className="px-1 text-sm font-medium text-gray-800">Mapping</legend>
            <Field id={`${fid}-dlt`} label="DLT template" error={errorFor("dltTemplateId")} hint={context.dlts.length ? "The approved template this text was registered as." : "Import your DLT export above first."}>
              <Select id={`${fid}-dlt`} name="dltTemplateId" value={dltId} onChange={(e) => {
                  setDltId(e.target.value);
                  // The header a DLT template was approved for is the only one it can go out under.
                  const header = context.dlts.find((d) => d.id === e.target.value)?.senderId.toUpperCase();
                  if (!senderId && header && context.senderIds.includes(header)) setSenderId(header);
                }}
                aria-invalid={!!errorFor("dltTemplateId") || undefined}>
                <option value="">Not mapped yet</option>
                {context.dlts.map((d) => (
                  <option key={d.id} value={d.id} disabled={!isDltApproved(d.status)}>
                    {d.name} · {d.templateId} · {d.senderId}
                    {isDltApproved(d.status) ? "" : ` (${d.status})`}
                  </option>
                ))}
              </Select>
            </Field>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field id={`${fid}-sender`} label="Sender ID" error={errorFor("senderId")}>
                <Select id={`${fid}-sender`} name="senderId" value={senderId} onChange={(e) => setSenderId(e.target.value)} aria-invalid={!!errorFor("senderId") || undefined}>
                  <option value="">Pick a sender ID</option>
                  {context.senderIds.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id={`${fid}-msg91`} label="MSG91 template ID" error={errorFor("msg91TemplateId")}>
                <Input id={`${fid}-msg91`} name="msg91TemplateId" autoComplete="off" value={msg91Id} onChange={(e) => setMsg91Id(e.target.value)} invalid={!!errorFor("msg91TemplateId")} className="font-mono" />
              </Field>
            </div>
            <Field
              id={`${fid}-vars`}
              label="MSG91 variable names, in order"
              error={errorFor("msg91Vars")}
              hint={dlt ? `${varCount} variable${varCount === 1 ? "" : "s"}. Leave empty for ${defaultMsg91Vars(varCount).join(", ") || "none"}.` : "MSG91's ##name## for each DLT variable; empty gives var1, var2, …"}
            >
              <Input id={`${fid}-vars`} name="msg91Vars" autoComplete="off" value={msg91Vars} placeholder={defaultMsg91Vars(Math.max(varCount, 1)).join(", ")} onChange={(e) => setMsg91Vars(e.target.value)} invalid={!!errorFor("msg91Vars")} className="font-mono" />
            </Field>
          </fieldset>

          {check.problems.length > 0 && (
            <div className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="sms-problems">
              <p className="font-medium">Before this SMS can be sent:</p>
              <ul className="mt-1 list-disc space-y-1 pl-5">
                {[...new Set(check.problems.map((p) => p.message))].map((message, i) => (
                  <li key={i} className="wrap-anywhere">
                    {message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <LiveNotice notice={notice} />
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" disabled={saving || (hydrated && blocking.length > 0)}>
              {saving ? "Saving…" : !hydrated ? "Save" : dlt ? "Save and map" : "Save text"}
            </Button>
          </div>
        </form>
        {template.customised && (
          <ConfirmForm
            slug={slug}
            action={resetFormAction}
            onPost={() => setLast("reset")}
            fields={{ kind }}
            label="Reset to default"
            question="Replace this text with the default, and remove its mapping?"
            confirmLabel="Reset"
            pendingLabel="Resetting…"
          />
        )}
      </div>

      <section aria-labelledby={`${fid}-preview`} className="min-w-0 space-y-4">
        <div className="space-y-2">
          <h3 id={`${fid}-preview`} className="text-sm font-semibold text-gray-900">
            Preview
          </h3>
          <div className="rounded-2xl rounded-bl-sm bg-gray-100 px-4 py-3 text-sm whitespace-pre-wrap text-gray-900 wrap-anywhere" data-testid="sms-preview">
            {check.sample.text || <span className="text-gray-400">(empty)</span>}
          </div>
          <p className="text-xs text-gray-700" data-testid="sms-cost" aria-live="polite">
            {seg.encoding === "gsm7" ? "GSM-7" : "Unicode (UCS-2)"} · {seg.units} {seg.encoding === "gsm7" ? "characters" : "UTF-16 units"} · {seg.segments} part{seg.segments === 1 ? "" : "s"} of up to{" "}
            {seg.perSegment} · <strong>{seg.segments} credit{seg.segments === 1 ? "" : "s"} a message</strong>
          </p>
          {foreign.length > 0 && (
            <p className="text-xs text-amber-800">
              {foreign.map((c) => `“${c}”`).join(" ")} {foreign.length === 1 ? "is" : "are"} outside the GSM alphabet, so the whole message goes as Unicode (70 characters a part, 67 when split).
            </p>
          )}
          <p className="text-xs text-gray-500">With a sample client (Asha) and sample link and code; real values vary, so a long name can add a part.</p>
        </div>

        <div className="space-y-2">
          <h3 className="text-sm font-semibold text-gray-900">Register on DLT as</h3>
          <pre className="rounded-md bg-white p-3 font-mono text-xs whitespace-pre-wrap text-gray-800 ring-1 ring-gray-200 wrap-anywhere" data-testid="sms-dlt-suggestion">
            {suggested}
          </pre>
          <CopyButton value={suggested} label="Copy DLT text" small />
        </div>

        {dlt && (
          <div className="space-y-2">
            <h3 className="text-sm font-semibold text-gray-900">Compared with DLT template {dlt.templateId}</h3>
            {check.match?.ok ? (
              <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 ring-1 ring-inset ring-green-200">The text matches the DLT template exactly.</p>
            ) : check.match && check.match.diff.length > 0 ? (
              <DiffView diff={check.match.diff} />
            ) : (
              <pre className="rounded-md bg-white p-3 font-mono text-xs whitespace-pre-wrap ring-1 ring-gray-200 wrap-anywhere">{dlt.content}</pre>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

/** The character diff: what the DLT template has and the text lacks (struck, red), and the other way (green). */
function DiffView({ diff }: { diff: DiffPart[] }) {
  return (
    <div className="space-y-2" data-testid="sms-diff">
      <pre className="rounded-md bg-white p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-gray-800 ring-1 ring-gray-200 wrap-anywhere">
        {diff.map((d, i) =>
          d.removed ? (
            <del key={i} className="bg-red-100 text-red-900 decoration-red-700" title="In the DLT template, not in your text">
              {visible(d.value)}
            </del>
          ) : d.added ? (
            <ins key={i} className="bg-green-100 text-green-900 no-underline ring-1 ring-green-300" title="In your text, not in the DLT template">
              {visible(d.value)}
            </ins>
          ) : (
            <span key={i}>{d.value}</span>
          ),
        )}
      </pre>
      <p className="text-xs text-gray-600">
        <del className="bg-red-100 px-1 text-red-900">struck</del> is in the DLT template but not your text; <ins className="bg-green-100 px-1 text-green-900 no-underline">green</ins> is in your text but not the DLT
        template. Change the text (or register it again on DLT) until both read the same.
      </p>
    </div>
  );
}

/** A small padlock: the system tag cannot be left out. */
function LockIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="mr-1 inline h-3 w-3 align-[-1px]" fill="currentColor">
      <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z" />
    </svg>
  );
}

/** Spaces and line breaks that differ are invisible: show them. */
const visible = (s: string) => (/^\s+$/.test(s) ? s.replace(/ /g, "␣").replace(/\n/g, "↵\n") : s);
