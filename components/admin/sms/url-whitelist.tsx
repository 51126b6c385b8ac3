"use client";
import { useActionState, useState } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Alert } from "@/components/ui/card";
import { ConfirmForm, HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";
import type { WhitelistView } from "./types";

type Props = {
  slug: string;
  entries: WhitelistView[];
  /** The dynamic URL the portal's short links need (`<origin>/s/?`) and the DLT template form of a link. */
  required: string;
  dltLinkForm: string;
  covered: boolean;
  add: FormAction<{ url: string; kind: "static" | "dynamic" }>;
  remove: FormAction<{ url: string }>;
};

/** The DLT URL whitelist: the portal link prefix the workspace must whitelist, the entries, add and remove. */
export function UrlWhitelist({ slug, entries, required, dltLinkForm, covered, add, remove }: Props) {
  const permalink = `/w/${slug}/settings/sms#whitelist`;
  const [addState, addAction] = useActionState<FormState<{ url: string; kind: "static" | "dynamic" }>, FormData>(add, {}, permalink);
  const [removeState, removeAction] = useActionState<FormState<{ url: string }>, FormData>(remove, {}, permalink);
  const [last, setLast] = useState<"add" | "remove">();
  const which = last ?? (addState.result ? "add" : removeState.result ? "remove" : undefined);
  const r = which === "add" ? addState.result : which === "remove" ? removeState.result : undefined;
  const urlError = which === "add" && addState.result && !addState.result.ok ? addState.result.fieldErrors?.url?.[0] : undefined;
  const notice: Notice = !r ? undefined : !r.ok ? (urlError ? undefined : { tone: "error", text: r.message }) : { tone: "success", text: which === "add" ? `Whitelisted ${r.data.url}.` : `Removed ${r.data.url}.` };
  return (
    <div className="space-y-4">
      <div className="space-y-2 rounded-md bg-gray-50 p-3 text-sm ring-1 ring-inset ring-gray-200">
        <p className="text-gray-800">
          {covered
            ? "Portal links in SMS start with this URL, and the whitelist below covers it:"
            : "Whitelist this dynamic URL on DLT for your sender IDs, then add it here. Portal links in SMS start with it:"}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <code data-testid="required-whitelist-url" className="min-w-0 rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 ring-1 ring-gray-200 wrap-anywhere">
            {required}
          </code>
          <CopyButton value={required} label="Copy URL" />
        </div>
        <p className="text-gray-800">In the DLT template, write the link as the fixed address followed by one variable for the token:</p>
        <code data-testid="dlt-link-form" className="block rounded bg-white px-2 py-1 font-mono text-sm text-gray-900 ring-1 ring-gray-200 wrap-anywhere">
          {dltLinkForm}
        </code>
      </div>
      {!covered && (
        <Alert tone="warning">
          The whitelist does not cover {required}
          {entries.length ? ", so SMS with portal links are refused. If your primary domain changed, whitelist the new address on DLT and add it here." : ", so SMS with portal links are refused until you add it."}
        </Alert>
      )}
      <LiveNotice notice={notice} />
      {entries.length > 0 && (
        <ul className="divide-y divide-gray-100 rounded-md ring-1 ring-gray-200">
          {entries.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <div className="min-w-0 flex-1">
                <span className="font-mono text-sm text-gray-900 wrap-anywhere">{e.url}</span>
                <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600">{e.kind === "dynamic" ? "dynamic (prefix)" : "static (exact)"}</span>
              </div>
              <ConfirmForm
                slug={slug}
                action={removeAction}
                onPost={() => setLast("remove")}
                fields={{ id: e.id }}
                label="Remove"
                ariaLabel={`Remove ${e.url}`}
                question={`Remove ${e.url} from the whitelist? SMS with links it covers are refused from then on.`}
                confirmLabel="Remove"
                pendingLabel="Removing…"
              />
            </li>
          ))}
        </ul>
      )}
      <form action={addAction} onSubmit={() => setLast("add")} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start" noValidate>
        <HiddenFields slug={slug} />
        <Field id="whitelist-url" label="Whitelisted URL" error={urlError} hint="As whitelisted on DLT: exact for a static URL; a dynamic URL is the fixed part followed by ?">
          <Input id="whitelist-url" name="url" type="url" inputMode="url" autoComplete="off" placeholder={required} defaultValue={urlError ? addState.values?.url : undefined} invalid={!!urlError} />
        </Field>
        <div className="sm:pt-6">
          <SubmitButton label="Add URL" pendingLabel="Adding…" />
        </div>
      </form>
    </div>
  );
}
