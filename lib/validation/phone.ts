import { getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";

// Shared by forms (instant feedback) and the server (the decision), so both say exactly the same thing.

const ALLOWED = /^\+?[\d\s\-().\/]+$/;

function asCountry(country: string | undefined): CountryCode | undefined {
  const c = country?.trim().toUpperCase();
  return c && /^[A-Z]{2}$/.test(c) ? (c as CountryCode) : undefined;
}

/** "Enter a valid phone number, e.g. +91 81234 56789" with an example from the workspace's country. */
export function phoneErrorMessage(country?: string): string {
  const c = asCountry(country);
  const example = c ? getExampleNumber(c, examples)?.formatInternational() : undefined;
  return `Enter a valid phone number, e.g. ${example ?? "+44 7400 123456"}`;
}

/**
 * The number in E.164 ("+919876543210"), or null when it is not a valid number. Accepts spaces, dashes, dots,
 * brackets, a national number with or without its leading 0 (read with the default country), "+CC …" and "00CC …".
 */
export function normalizePhone(raw: string, defaultCountry?: string): string | null {
  const s = raw.trim();
  if (!s || s.length > 40 || !ALLOWED.test(s)) return null;
  const digits = s.replace(/\D/g, "");
  if (digits.length < 4) return null;
  const parsed = parsePhoneNumberFromString(s, { defaultCountry: asCountry(defaultCountry) });
  if (!parsed || !parsed.isValid() || parsed.ext) return null;
  return parsed.number;
}

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/** normalizePhone with the field error a person can act on. */
export function parsePhone(raw: string, defaultCountry?: string): PhoneResult {
  const e164 = normalizePhone(raw, defaultCountry);
  return e164 ? { ok: true, e164 } : { ok: false, message: phoneErrorMessage(defaultCountry) };
}

/** National format for numbers of the workspace's country ("098765 43210"), international otherwise. */
export function formatPhone(e164: string | null | undefined, workspaceCountry?: string): string {
  if (!e164) return "";
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country && parsed.country === asCountry(workspaceCountry) ? parsed.formatNational() : parsed.formatInternational();
}

/** "Numbers without a country code are read as India (+91) numbers." for the phone field's hint. */
export function phoneHint(country: string): string {
  const c = asCountry(country);
  if (!c) return "Include the country code, e.g. +44 7400 123456.";
  const name = new Intl.DisplayNames(["en"], { type: "region" }).of(c) ?? c;
  return `Numbers without a country code are read as ${name} (+${getCountryCallingCode(c)}) numbers.`;
}
