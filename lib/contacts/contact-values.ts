import "server-only";
import { AppError, uniqueViolation } from "@/lib/errors";
import { normalizePhone, phoneErrorMessage } from "@/lib/validation/phone";
import type { ContactFormValues } from "./contact-schema";

/** The row values for validated form input: phone to E.164 with the workspace's country, blanks to null. */
export function toContactValues(input: ContactFormValues, country: string) {
  let phone: string | null = null;
  if (input.phone) {
    phone = normalizePhone(input.phone, country);
    if (!phone) throw new AppError("PHONE_INVALID", "phone", phoneErrorMessage(country));
  }
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email ? input.email.toLowerCase() : null,
    phone,
    company: input.company,
  };
}

/** Turns a unique-index violation on contacts into the field error a person can act on; other errors pass through. */
export function contactConflict(e: unknown): unknown {
  const constraint = uniqueViolation(e);
  if (constraint === "contacts_workspace_email") return new AppError("CONTACT_EMAIL_TAKEN", "email");
  if (constraint === "contacts_workspace_phone") return new AppError("CONTACT_PHONE_TAKEN", "phone");
  return e;
}

export function displayName(c: { firstName: string; lastName: string }) {
  return `${c.firstName} ${c.lastName}`.trim();
}
