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

/**
 * An Indian mobile number in E.164 ("+919876543210"), or null. SMS from a workspace go only to these (DLT routes
 * India only): 10 digits starting 6–9, typed with spaces, dashes, dots or brackets, a leading 0, 91 or +91.
 */
export function normalizeIndianMobile(raw: string): string | null {
  const s = raw.trim().replace(/^\((\+\d{1,3})\)/, "$1"); // "(+91) 98765 43210"
  if (!s || s.length > 40 || !ALLOWED.test(s)) return null;
  let digits = s.replace(/\D/g, "");
  if (s.startsWith("+")) {
    if (!digits.startsWith("91")) return null; // another country's code
    digits = digits.slice(2);
  } else if (digits.length === 12 && digits.startsWith("91")) digits = digits.slice(2);
  else if (digits.length === 13 && digits.startsWith("091")) digits = digits.slice(3);
  else if (digits.length === 14 && digits.startsWith("0091")) digits = digits.slice(4);
  else if (digits.length === 11 && digits.startsWith("0")) digits = digits.slice(1);
  if (!/^[6-9]\d{9}$/.test(digits)) return null;
  // libphonenumber-js has India's ranges: a 10-digit number starting 6–9 that it does not know as a mobile is refused.
  const parsed = parsePhoneNumberFromString(`+91${digits}`);
  if (!parsed?.isValid()) return null;
  const type = parsed.getType();
  if (type && type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE") return null;
  return parsed.number;
}

/** "+91 98765 43210": how the portal shows a number back to its owner. */
export function formatIndianMobile(e164: string): string {
  return /^\+91\d{10}$/.test(e164) ? `+91 ${e164.slice(3, 8)} ${e164.slice(8)}` : e164;
}
