"use client";
import { useActionState } from "react";
import { LiveNotice } from "@/components/admin/email-settings/live-notice";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import { MAGIC_LINK_DAYS, SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES, type SecuritySettingsValues } from "@/lib/portal/portal-settings-schema";

type State = FormState<SecuritySettingsValues>;
type Props = { slug: string; initial: SecuritySettingsValues; action: (prev: State, data: FormData) => Promise<State> };

/** A server action form (works before hydration); the server's schema checks the numbers and names what is wrong. */
export function SecurityForm({ slug, initial, action }: Props) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, {});
  const res = state.result;
  // After a save the fields show what was stored; after a refusal, what was typed.
  const shown: Record<string, string | number> = res?.ok ? res.data : (state.values ?? initial);
  const err = (f: keyof SecuritySettingsValues) => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const notice = res
    ? res.ok
      ? ({ tone: "success", text: "Saved. New links and sessions use these times; existing ones keep theirs." } as const)
      : ({ tone: "error", text: res.message } as const)
    : undefined;
  const number = (id: keyof SecuritySettingsValues, r: { min: number; max: number }) => (
    <Input key={`${id}-${String(shown[id])}`} id={id} name={id} type="number" inputMode="numeric" min={r.min} max={r.max} defaultValue={shown[id]} invalid={!!err(id)} />
  );
  return (
    <form action={formAction} noValidate className="space-y-4" aria-label="Links and sessions">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      <div className="grid gap-4 md:grid-cols-3">
        <Field
          id="magicLinkDays"
          label="Personal link lifetime (days)"
          hint={`Magic links, invitations and login emails. ${MAGIC_LINK_DAYS.min}–${MAGIC_LINK_DAYS.max}, default ${MAGIC_LINK_DAYS.default}.`}
          error={err("magicLinkDays")}
        >
          {number("magicLinkDays", MAGIC_LINK_DAYS)}
        </Field>
        <Field
          id="sessionIdleMinutes"
          label="Sign out after inactivity (minutes)"
          hint={`${SESSION_IDLE_MINUTES.min}–${SESSION_IDLE_MINUTES.max.toLocaleString("en")}, default ${SESSION_IDLE_MINUTES.default}.`}
          error={err("sessionIdleMinutes")}
        >
          {number("sessionIdleMinutes", SESSION_IDLE_MINUTES)}
        </Field>
        <Field
          id="sessionAbsoluteHours"
          label="Longest session (hours)"
          hint={`Then clients sign in again, however active. ${SESSION_ABSOLUTE_HOURS.min}–${SESSION_ABSOLUTE_HOURS.max.toLocaleString("en")}, default ${SESSION_ABSOLUTE_HOURS.default} (7 days).`}
          error={err("sessionAbsoluteHours")}
        >
          {number("sessionAbsoluteHours", SESSION_ABSOLUTE_HOURS)}
        </Field>
      </div>
      <p className="text-xs text-gray-600">
        These apply to one-factor sign-in. Client Centre sessions (link and code) have their own idle limit, set under{" "}
        <a className="font-medium text-brand-700 underline" href={`/w/${slug}/settings/client-centre`}>
          Client Centre
        </a>
        , and end after 12 hours at most.
      </p>
      <LiveNotice notice={notice} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
