"use client";
import { useActionState, useState } from "react";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Alert } from "@/components/ui/card";
import { HiddenFields, SubmitButton } from "@/components/ui/confirm-form";
import { Field, Input } from "@/components/ui/field";
import type { FormAction, FormState } from "@/lib/actions/form-state";

type Props = {
  slug: string;
  enabled: boolean;
  /** Why SMS cannot be turned on (the workspace is not in India), or null. */
  blocked: string | null;
  dailyCap: number;
  setEnabled: FormAction<{ enabled: boolean }>;
  setDailyCap: FormAction<{ dailyCap: number }>;
};

/** Notification SMS on/off and the daily cap: two small forms that post without JavaScript. */
export function SmsSwitch({ slug, enabled, blocked, dailyCap, setEnabled, setDailyCap }: Props) {
  const permalink = `/w/${slug}/settings/sms#notification-sms`;
  const [onState, onAction] = useActionState<FormState<{ enabled: boolean }>, FormData>(setEnabled, {}, permalink);
  const [capState, capAction] = useActionState<FormState<{ dailyCap: number }>, FormData>(setDailyCap, {}, permalink);
  const [last, setLast] = useState<"on" | "cap">();
  const which = last ?? (onState.result ? "on" : capState.result ? "cap" : undefined);
  const r = which === "on" ? onState.result : which === "cap" ? capState.result : undefined;
  const capError = capState.result && !capState.result.ok ? capState.result.fieldErrors?.dailyCap?.[0] : undefined;
  const notice: Notice = !r
    ? undefined
    : !r.ok
      ? capError && which === "cap" ? undefined : { tone: "error", text: r.message }
      : which === "on"
        ? { tone: "success", text: enabled ? "Notification SMS is on." : "Notification SMS is off: no SMS is sent, and phone invitations and SMS codes are refused." }
        : { tone: "success", text: `Saved: at most ${dailyCap.toLocaleString("en")} SMS a day.` };
  return (
    <div className="space-y-4">
      <LiveNotice notice={notice} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-gray-800">
          Notification SMS is <strong className={enabled ? "text-green-800" : "text-gray-900"}>{enabled ? "on" : "off"}</strong>.{" "}
          {enabled ? "Phone invitations and sign-in codes by SMS can be sent." : "Phone invitations and sign-in codes by SMS need it on."}
        </p>
        <form action={onAction} onSubmit={() => setLast("on")}>
          <HiddenFields slug={slug} fields={{ enabled: enabled ? "false" : "true" }} />
          <SubmitButton variant={enabled ? "secondary" : "primary"} label={enabled ? "Turn SMS off" : "Turn SMS on"} pendingLabel="Saving…" disabled={!enabled && !!blocked} />
        </form>
      </div>
      {blocked && !enabled && <Alert tone="warning">{blocked}</Alert>}
      <form action={capAction} onSubmit={() => setLast("cap")} className="flex flex-wrap items-end gap-3" noValidate>
        <HiddenFields slug={slug} />
        <div className="w-48">
          <Field id="sms-daily-cap" label="Daily SMS cap" error={capError} hint="SMS a day at most (UTC days).">
            <Input id="sms-daily-cap" name="dailyCap" type="number" inputMode="numeric" min={1} max={100000} defaultValue={capState.values?.dailyCap ?? String(dailyCap)} invalid={!!capError} />
          </Field>
        </div>
        <div className="pb-5">
          <SubmitButton variant="secondary" label="Save cap" pendingLabel="Saving…" />
        </div>
      </form>
    </div>
  );
}
