import { getCountries } from "libphonenumber-js";
import { z } from "zod";

// Shared by the Client Centre settings form (labels, ranges) and the server operation (the decision). Pure.

export const TWO_FACTOR_IDLE_MINUTES = { min: 5, max: 60, default: 15 } as const;
/** The absolute limit of a two-factor session, whatever the activity (not a setting). */
export const TWO_FACTOR_ABSOLUTE_HOURS = 12;
export const DEFAULT_SMS_COUNTRIES = ["IN"] as const;

/** The country codes a setting may name: libphonenumber's regions (ISO 3166-1 alpha-2 plus a few dialling areas). */
export const knownCountries: readonly string[] = getCountries();
const known = new Set(knownCountries);

/** A list of country codes as posted (an array, or one comma/space-separated string): upper-cased, de-duplicated. */
const countryList = (what: string) =>
  z.preprocess(
    (v) => (v === undefined || v === null ? [] : typeof v === "string" ? v.split(/[\s,]+/) : v),
    z
      .array(z.string({ message: `Pick ${what} from the list.` }).max(8, "That is not a country code. Pick countries from the list."))
      .max(300, "That is more countries than exist. Pick countries from the list.")
      .transform((a) => [...new Set(a.map((c) => c.trim().toUpperCase()).filter(Boolean))].sort())
      .superRefine((a, ctx) => {
        const bad = a.filter((c) => !known.has(c));
        if (bad.length) ctx.addIssue({ code: "custom", message: `${bad.slice(0, 5).join(", ")} ${bad.length === 1 ? "is not a country code" : "are not country codes"} we know. Pick countries from the list (two letters, e.g. IN, DE).` });
      }),
  );

export const clientCentreSettingsSchema = z.object({
  twoFactorIdleMinutes: z.coerce
    .number({ message: "Enter the minutes as a whole number." })
    .int("Enter the minutes as a whole number.")
    .min(TWO_FACTOR_IDLE_MINUTES.min, `Re-authentication needs at least ${TWO_FACTOR_IDLE_MINUTES.min} idle minutes.`)
    .max(TWO_FACTOR_IDLE_MINUTES.max, `Re-authentication is at most ${TWO_FACTOR_IDLE_MINUTES.max} idle minutes.`),
  geoBlockedCountries: countryList("the countries to block"),
  geoUnknownCountry: z.enum(["allow", "block"], { message: "Choose whether clients whose country cannot be told may open the portal." }),
  smsCountries: countryList("the countries codes may be texted to").refine((a) => a.length > 0, {
    message: "Pick at least one country codes may be texted to (India by default). Clients elsewhere get their codes by email.",
  }),
});
export type ClientCentreSettingsInput = z.input<typeof clientCentreSettingsSchema>;
export type ClientCentreSettingsValues = z.output<typeof clientCentreSettingsSchema>;
