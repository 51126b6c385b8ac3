/** Typed error codes: the code decides the words a user sees, so messages stay consistent across UI and API. */
export const errorMessages = {
  UNAUTHENTICATED: "Sign in to continue.",
  FORBIDDEN: "Your role in this workspace does not allow that. Ask an owner or admin.",
  NOT_FOUND: "That item does not exist or was removed.",
  WORKSPACE_NOT_FOUND: "That workspace does not exist or you are not a member of it.",
  SLUG_TAKEN: "That workspace URL is already taken. Try another.",
  SLUG_RESERVED: "That workspace URL is reserved. Try another.",
  CONTACT_EMAIL_TAKEN: "Another contact in this workspace already has this email address.",
  CONTACT_PHONE_TAKEN: "Another contact in this workspace already has this phone number.",
  MEMBER_ALREADY_EXISTS: "That person is already a member of this workspace.",
  INVITATION_PENDING: "That address already has a pending invitation. Revoke it first to send a new one.",
  LAST_OWNER: "A workspace needs at least one owner. Make someone else an owner first.",
  IMPORT_EMPTY: "The file has no data rows.",
  IMPORT_TOO_LARGE: "The file has too many rows for one import (the limit is 100,000). Split it and import each part.",
  IMPORT_NO_NAME_COLUMN: "Map a column to First name (or Full name) before importing.",
  RATE_LIMITED: "Too many attempts. Wait a moment and try again.",
  LINK_INVALID: "This sign-in link is not valid. Ask for a new one below.",
  LINK_EXPIRED: "This sign-in link has expired. We can email you a fresh one.",
  LINK_SUPERSEDED: "This sign-in link was replaced by a newer one. Use the latest email, or ask for a fresh link.",
  ACCESS_REVOKED: "Your access to this portal has been removed. Contact the business if you think this is a mistake.",
  ACCESS_ENDED: "Your access to this portal has ended, so you can no longer sign in here.",
  SIGN_IN_PENDING_EXPIRED: "This sign-in has expired, or it was started in another browser. Enter your email again and we'll send a new email.",
  SIGN_IN_EMAIL_COOLDOWN: "We emailed this address a moment ago, so we didn't send another yet. Open the latest email, or ask again once the wait below is over.",
  FORM_TOO_LARGE: "That form was far larger than any sign-in form can be, so it was not read. Go back and try again.",
  SESSION_EXPIRED: "Your session has ended. Sign in again to continue.",
  CODE_WRONG: "That code didn't work. Enter the code from your newest email (or open its link), or ask for a new email below.",
  CODE_EXPIRED_OR_EXHAUSTED: "That code has expired or had too many wrong tries. Ask for a new code.",
  CODE_LOCKED: "Too many wrong codes. Code sign-in is paused for 15 minutes; try again later.",
  CODE_COOLDOWN: "A code was sent a moment ago. Wait a little before asking for another.",
  CODE_SEND_LIMIT: "Too many codes were sent to this address. Try again later.",
  VALIDATION_NO_EMAIL: "This contact has no email address. Add one to the contact first: the invitation goes by email.",
  USER_TYPE_NAME_TAKEN: "Another user type in this workspace already has this name.",
  USER_TYPE_SMS: "This user type invites by text message, which is not set up yet. Pick a user type that invites by email.",
  VALIDATION_EMAIL: "Enter the email address your invitation was sent to, e.g. name@example.com",
  NO_EMAIL_PROFILE: "Set a default email profile (the from name and address client emails are sent from) in Email settings first.",
  EMAIL_FROM_RESERVED: "That address is on this platform's own domain. Use an address on your business's domain, e.g. hello@yourbusiness.com",
  EMAIL_PROFILE_IS_DEFAULT: "This is the default email profile. Make another profile the default first, then delete this one.",
  TEMPLATE_INVALID: "This template cannot be saved yet. Fix the highlighted field and try again.",
  DOMAIN_INVALID: "That is not a domain we can use. Enter one like portal.yourbusiness.com",
  DOMAIN_TAKEN: "That domain is already connected to another workspace. If it is yours, remove it there first or contact support.",
  DOMAIN_ALREADY_ADDED: "This workspace already has that domain. Find it in the list below.",
  DOMAIN_APEX_UNSUPPORTED:
    "This platform has no IP address set for root domains (PORTAL_A_RECORD), so use a subdomain such as portal.yourbusiness.com, or ask the platform's operator to set one.",
  DOMAIN_LIMIT: "A workspace can have up to 10 domains. Remove one you no longer use first.",
  DOMAIN_IS_REDIRECT: "This domain only redirects to its partner. Make the partner the primary domain instead.",
  INTERNAL: "Something went wrong on our side. Try again; if it keeps happening, contact support.",
  API_KEY_INVALID: "Send a valid API key as `Authorization: Bearer cpk_…`. Keys are created in Settings → API keys; a revoked key stops working at once.",
  INVALID_JSON: "The request body is not valid JSON.",
  BODY_TOO_LARGE: "The request body is too large (the limit is 1 MB).",
  VALIDATION_FAILED: "Some fields are missing or not valid; see `fields`.",
  PHONE_INVALID: "Enter a valid phone number, including the country code, e.g. +44 7400 123456",
  IMPORT_NO_KEY_COLUMN: "Map a column to Email or Phone before importing: contacts are matched and invited by them.",
  IMPORT_INCOMPLETE: "Not every row of the file reached the server, so nothing was imported. Start the import again.",
  IMPORT_ALREADY_APPLIED: "This import has already been applied. To import the file again, start a new import.",
  IMPORT_CONFLICT: "Contacts changed while the import was being applied, so nothing was imported. Apply it again.",
  IMPORT_BAD_CHUNK: "Part of the file did not arrive intact, so nothing was imported. Start the import again.",
  TEXT_UNSTORABLE: "A field holds a character that can't be stored (such as NUL or another control character). Remove it from the highlighted field and try again.",
  REQUEST_MALFORMED: "The request did not arrive intact, or is not in a form this page accepts. Reload the page and try again.",
  REQUEST_TOO_LARGE: "That is more data than one request may carry. Send less at once (a large file imports in parts).",
} as const;

export type AppErrorCode = keyof typeof errorMessages;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly field?: string,
    message?: string,
  ) {
    super(message ?? errorMessages[code]);
    this.name = "AppError";
  }
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode | "VALIDATION"; message: string; fieldErrors?: Record<string, string[] | undefined> };

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Postgres unique-violation detection that works for both drivers (postgres.js and PGlite). */
export function uniqueViolation(e: unknown): string | null {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const err = cur as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
    if (err.code === "23505") return err.constraint_name ?? err.constraint ?? "";
    cur = err.cause;
  }
  return null;
}
