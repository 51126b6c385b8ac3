"use client";
import { useActionState, type ReactNode } from "react";
import { LiveNotice } from "@/components/admin/email-settings/live-notice";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { SLUG_FIELD, type FormState } from "@/lib/actions/form-state";
import { TWO_FACTOR_ABSOLUTE_HOURS, TWO_FACTOR_IDLE_MINUTES, type ClientCentreSettingsValues } from "@/lib/workspaces/update-client-centre-settings-schema";
import { CountryChecklist, type Country } from "./country-checklist";

type State = FormState<ClientCentreSettingsValues>;
type Props = {
  slug: string;
  initial: ClientCentreSettingsValues;
  countries: Country[];
  /** Where the client's country comes from on this deployment, in words. */
  geoSource: ReactNode;
  action: (prev: State, data: FormData) => Promise<State>;
};

/** One server action form for the three Client Centre settings (works before hydration); the server decides. */
export function ClientCentreSettingsForm({ slug, initial, countries, geoSource, action }: Props) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, {});
  const res = state.result;
  // After a save the fields show what was stored; after a refusal, what was typed.
  const shown = res?.ok
    ? res.data
    : state.values
      ? {
          twoFactorIdleMinutes: state.values.twoFactorIdleMinutes,
          geoUnknownCountry: state.values.geoUnknownCountry,
          geoBlockedCountries: state.values.geoBlockedCountries ? state.values.geoBlockedCountries.split(",") : [],
          smsCountries: state.values.smsCountries ? state.values.smsCountries.split(",") : [],
        }
      : initial;
  const err = (f: keyof ClientCentreSettingsValues) => (res && !res.ok ? res.fieldErrors?.[f]?.[0] : undefined);
  const notice = res
    ? res.ok
      ? ({ tone: "success", text: "Saved. Geoblocking applies to the next page a client opens; re-authentication to the next request of a signed-in client." } as const)
      : ({ tone: "error", text: res.message } as const)
    : undefined;
  // A new key after each answer remounts the uncontrolled fields with what `shown` says.
  const k = res ? (res.ok ? `ok-${JSON.stringify(res.data)}` : `err-${JSON.stringify(state.values)}`) : "initial";
  const errorLine = (f: keyof ClientCentreSettingsValues) =>
    err(f) && (
      <p id={`${f}-error`} role="alert" className="text-xs font-medium text-red-700">
        {err(f)}
      </p>
    );
  return (
    <form action={formAction} noValidate className="space-y-6" aria-label="Client Centre settings" key={k}>
      <input type="hidden" name={SLUG_FIELD} value={slug} />

      <Card title="Re-authentication" description="Requests are two-factor content: clients sign in with their link and a one-time code.">
        <div className="max-w-xs">
          <Field
            id="twoFactorIdleMinutes"
            label="Ask for a new code after inactivity (minutes)"
            hint={`${TWO_FACTOR_IDLE_MINUTES.min}–${TWO_FACTOR_IDLE_MINUTES.max}, default ${TWO_FACTOR_IDLE_MINUTES.default}.`}
            error={err("twoFactorIdleMinutes")}
          >
            <Input
              id="twoFactorIdleMinutes"
              name="twoFactorIdleMinutes"
              type="number"
              inputMode="numeric"
              min={TWO_FACTOR_IDLE_MINUTES.min}
              max={TWO_FACTOR_IDLE_MINUTES.max}
              defaultValue={shown.twoFactorIdleMinutes}
              invalid={!!err("twoFactorIdleMinutes")}
            />
          </Field>
        </div>
        <p className="mt-3 text-sm text-gray-600">
          A client idle this long is asked for a fresh code; their typed answers are kept. However active they are, a two-factor session ends after{" "}
          {TWO_FACTOR_ABSOLUTE_HOURS} hours.
        </p>
      </Card>

      <Card title="Geoblocking" description="Clients in a blocked country see a short page saying the portal can't be opened from their location, and nothing else.">
        <div className="space-y-5">
          <p className="rounded-md bg-gray-50 px-3 py-2 text-sm text-gray-700 ring-1 ring-inset ring-gray-200">{geoSource}</p>
          <div className="space-y-1">
            <p className="text-sm font-medium text-gray-800" aria-hidden>
              Blocked countries
            </p>
            <CountryChecklist
              id="geoBlockedCountries"
              name="geoBlockedCountries"
              label="Blocked countries"
              countries={countries}
              initial={shown.geoBlockedCountries}
              invalid={!!err("geoBlockedCountries")}
              describedBy={err("geoBlockedCountries") ? "geoBlockedCountries-error" : undefined}
            />
            {errorLine("geoBlockedCountries")}
          </div>
          <fieldset className="space-y-2" aria-describedby={err("geoUnknownCountry") ? "geoUnknownCountry-error" : undefined}>
            <legend className="text-sm font-medium text-gray-800">When a client&apos;s country can&apos;t be told</legend>
            <p className="text-xs text-gray-500">For example a private network address, a new IP range, or a proxy that sends no country.</p>
            {(
              [
                ["allow", "Allow: let them open the portal"],
                ["block", "Block: show them the blocked page"],
              ] as const
            ).map(([v, label]) => (
              <label key={v} className="flex items-center gap-2 text-sm text-gray-800">
                <input type="radio" name="geoUnknownCountry" value={v} defaultChecked={shown.geoUnknownCountry === v} className="h-4 w-4 border-gray-300" />
                {label}
              </label>
            ))}
            {errorLine("geoUnknownCountry")}
          </fieldset>
        </div>
      </Card>

      <Card title="SMS countries" description="Where Client Centre codes may be texted. Clients with a mobile number elsewhere get their code by email only.">
        <div className="space-y-3">
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
            India is the default. Texts to other countries go through MSG91&apos;s international route, and their delivery cannot be guaranteed; the code
            always goes by email too.
          </p>
          <CountryChecklist
            id="smsCountries"
            name="smsCountries"
            label="SMS countries"
            countries={countries}
            initial={shown.smsCountries}
            invalid={!!err("smsCountries")}
            describedBy={err("smsCountries") ? "smsCountries-error" : undefined}
          />
          {errorLine("smsCountries")}
        </div>
      </Card>

      <LiveNotice notice={notice} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
