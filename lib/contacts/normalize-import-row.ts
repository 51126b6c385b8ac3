import { normalizePhone } from "@/lib/validation/phone";
import { isValidEmail } from "./contact-schema";
import type { ImportRow } from "./import-contacts.schema";
import { splitFullName } from "./import-mapping";

export type NormalizedImportRow = {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  company: string;
  /** Why the row cannot be imported, or null. */
  error: string | null;
};

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Validates and normalises one CSV row the way the contact form would (same email and phone rules). */
export function normalizeImportRow(row: ImportRow, country: string): NormalizedImportRow {
  let firstName = row.firstName?.trim() ?? "";
  let lastName = row.lastName?.trim() ?? "";
  if (!firstName && row.fullName?.trim()) {
    const split = splitFullName(row.fullName);
    firstName = split.firstName;
    if (!lastName) lastName = split.lastName;
  }
  const rawEmail = row.email?.trim() ?? "";
  const rawPhone = row.phone?.trim() ?? "";
  const company = row.company?.trim() ?? "";
  const errors: string[] = [];

  if (!firstName) errors.push(lastName ? "the first name is empty" : "the name is empty");
  if (firstName.length > 100) errors.push("the first name is longer than 100 characters");
  if (lastName.length > 100) errors.push("the last name is longer than 100 characters");
  if (company.length > 200) errors.push("the company is longer than 200 characters");

  const email = rawEmail ? rawEmail.toLowerCase() : null;
  if (email && (email.length > 254 || !isValidEmail(email))) errors.push(`email '${clip(rawEmail)}' is not a valid address`);

  const phone = rawPhone ? normalizePhone(rawPhone, country) : null;
  if (rawPhone && !phone) errors.push(`phone '${clip(rawPhone)}' is not a valid number`);

  if (!rawEmail && !rawPhone) errors.push("there is no email or phone number (one is needed to match and invite the contact)");

  return { firstName, lastName, email, phone, company, error: errors.length ? errors.join("; ") : null };
}
