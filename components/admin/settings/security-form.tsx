"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { LiveNotice, type Notice } from "@/components/admin/email-settings/live-notice";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/errors";
import {
  MAGIC_LINK_DAYS,
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
  securitySettingsSchema,
  type SecuritySettingsInput,
  type SecuritySettingsValues,
} from "@/lib/portal/portal-settings-schema";

type Props = { slug: string; initial: SecuritySettingsValues; action: (slug: string, input: SecuritySettingsInput) => Promise<ActionResult<SecuritySettingsValues>> };

const fields = ["magicLinkDays", "sessionIdleMinutes", "sessionAbsoluteHours"] as const;

export function SecurityForm({ slug, initial, action }: Props) {
  const [notice, setNotice] = useState<Notice>();
  const { register, handleSubmit, setError, reset, formState } = useForm<SecuritySettingsInput, unknown, SecuritySettingsValues>({
    resolver: zodResolver(securitySettingsSchema),
    defaultValues: initial,
  });
  const e = formState.errors;
  const onSubmit = handleSubmit(async (values) => {
    setNotice(undefined);
    const res = await action(slug, values);
    if (res.ok) {
      reset(res.data);
      return setNotice({ tone: "success", text: "Saved. New links and sessions use these times; existing ones keep theirs." });
    }
    for (const f of fields) if (res.fieldErrors?.[f]?.[0]) setError(f, { message: res.fieldErrors[f]![0] });
    setNotice({ tone: "error", text: res.message });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Links and sessions">
      <div className="grid gap-4 md:grid-cols-3">
        <Field
          id="magicLinkDays"
          label="Personal link lifetime (days)"
          hint={`Magic links, invitations and login emails. ${MAGIC_LINK_DAYS.min}–${MAGIC_LINK_DAYS.max}, default ${MAGIC_LINK_DAYS.default}.`}
          error={e.magicLinkDays?.message}
        >
          <Input id="magicLinkDays" type="number" inputMode="numeric" min={MAGIC_LINK_DAYS.min} max={MAGIC_LINK_DAYS.max} invalid={!!e.magicLinkDays} {...register("magicLinkDays")} />
        </Field>
        <Field
          id="sessionIdleMinutes"
          label="Sign out after inactivity (minutes)"
          hint={`${SESSION_IDLE_MINUTES.min}–${SESSION_IDLE_MINUTES.max.toLocaleString("en")}, default ${SESSION_IDLE_MINUTES.default}.`}
          error={e.sessionIdleMinutes?.message}
        >
          <Input id="sessionIdleMinutes" type="number" inputMode="numeric" min={SESSION_IDLE_MINUTES.min} max={SESSION_IDLE_MINUTES.max} invalid={!!e.sessionIdleMinutes} {...register("sessionIdleMinutes")} />
        </Field>
        <Field
          id="sessionAbsoluteHours"
          label="Longest session (hours)"
          hint={`Then clients sign in again, however active. ${SESSION_ABSOLUTE_HOURS.min}–${SESSION_ABSOLUTE_HOURS.max.toLocaleString("en")}, default ${SESSION_ABSOLUTE_HOURS.default} (7 days).`}
          error={e.sessionAbsoluteHours?.message}
        >
          <Input id="sessionAbsoluteHours" type="number" inputMode="numeric" min={SESSION_ABSOLUTE_HOURS.min} max={SESSION_ABSOLUTE_HOURS.max} invalid={!!e.sessionAbsoluteHours} {...register("sessionAbsoluteHours")} />
        </Field>
      </div>
      <p className="text-xs text-gray-600">Two-factor sign-in (link and code) always signs out after 15 idle minutes and 12 hours at most.</p>
      <LiveNotice notice={notice} />
      <Button type="submit" disabled={formState.isSubmitting || !formState.isDirty}>
        {formState.isSubmitting ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
