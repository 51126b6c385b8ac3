import type { z } from "zod";

// Every error code in one table: the HTTP status it is answered with (API, route handlers) and the words a person
// sees (admin screens, the portal, the API's `message`), so no screen or route keeps its own copy.
const err = (status: number, message: string) => ({ status, message });

// Wrong, used-up and expired codes read the same: only a real account has used-up codes, so naming that would tell a
// guesser which addresses have one.
const CODE_PROBLEM = "That code didn't work. Enter the code from your newest email (or open its link), or ask for a new email below.";
/** The same words for a code that came by SMS (the check page shows them when the pending sign-in is a number). */
export const CODE_PROBLEM_SMS = "That code didn't work. Enter the code from your newest text message, or ask for a new code below.";

export const errors = {
  UNAUTHENTICATED: err(401, "Sign in to continue."),
  FORBIDDEN: err(403, "Your role in this workspace does not allow that. Ask an owner or admin."),
  NOT_FOUND: err(404, "That item does not exist or was removed."),
  WORKSPACE_NOT_FOUND: err(404, "That workspace does not exist or you are not a member of it."),
  SLUG_TAKEN: err(409, "That workspace URL is already taken. Try another."),
  SLUG_RESERVED: err(422, "That workspace URL is reserved. Try another."),
  CONTACT_EMAIL_TAKEN: err(409, "Another contact in this workspace already has this email address."),
  CONTACT_PHONE_TAKEN: err(409, "Another contact in this workspace already has this phone number."),
  MEMBER_ALREADY_EXISTS: err(409, "That person is already a member of this workspace."),
  INVITATION_PENDING: err(409, "That address already has a pending invitation. Revoke it first to send a new one."),
  LAST_OWNER: err(409, "A workspace needs at least one owner. Make someone else an owner first."),
  IMPORT_EMPTY: err(422, "The file has no data rows."),
  IMPORT_TOO_LARGE: err(413, "The file has too many rows for one import (the limit is 100,000). Split it and import each part."),
  IMPORT_NO_NAME_COLUMN: err(422, "Map a column to First name (or Full name) before importing."),
  RATE_LIMITED: err(429, "Too many attempts. Wait a few minutes, then try again."),
  // REDIS_URL set and Redis not answering: a limited request fails closed rather than going through uncounted.
  RATE_LIMIT_STORE_UNAVAILABLE: err(503, "This can't be done right now: a service this site needs is not answering. Try again in a minute."),
  LINK_INVALID: err(404, "That sign-in link was already used or is not valid. Enter your email to get a new one."),
  LINK_EXPIRED: err(410, "This sign-in link has expired. We can email you a fresh one."),
  LINK_SUPERSEDED: err(410, "This sign-in link was replaced by a newer one. Use the latest email, or ask for a fresh link."),
  ACCESS_REVOKED: err(409, "Your access to this portal has been removed. Contact the business if you think this is a mistake."),
  ACCESS_ENDED: err(403, "Your access to this portal has ended, so you can no longer sign in here."),
  SIGN_IN_PENDING_EXPIRED: err(400, "This sign-in has expired, or it was started in another browser. Enter your email or mobile number again and we'll send a new code or link."),
  SIGN_IN_SMS_COOLDOWN: err(429, "We texted this number a moment ago, so we didn't send another yet. Use the code in the latest message, or ask again once the wait below is over."),
  SIGN_IN_EMAIL_COOLDOWN: err(429, "We emailed this address a moment ago, so we didn't send another yet. Open the latest email, or ask again once the wait below is over."),
  FORM_TOO_LARGE: err(413, "That form was far larger than any sign-in form can be, so it was not read. Go back and try again."),
  CODE_WRONG: err(400, CODE_PROBLEM),
  CODE_EXPIRED_OR_EXHAUSTED: err(400, CODE_PROBLEM),
  CODE_SEND_LIMIT: err(429, "Too many codes were sent to this address. Try again later."),
  VALIDATION_NO_EMAIL: err(422, "This contact has no email address. Add one to the contact first: the invitation goes by email."),
  USER_TYPE_NAME_TAKEN: err(409, "Another user type in this workspace already has this name."),
  USER_TYPE_SMS: err(422, "This user type signs in with a link and a code (two-factor), which cannot be changed here yet. Create a new user type instead."),
  VALIDATION_EMAIL: err(422, "Enter the email address your invitation was sent to, e.g. name@example.com"),
  NO_EMAIL_PROFILE: err(409, "Set a default email profile (the from name and address client emails are sent from) in Email settings first."),
  EMAIL_FROM_RESERVED: err(422, "That address is on this platform's own domain. Use an address on your business's domain, e.g. hello@yourbusiness.com"),
  EMAIL_PROFILE_IS_DEFAULT: err(409, "This is the default email profile. Make another profile the default first, then delete this one."),
  TEMPLATE_INVALID: err(422, "This template cannot be saved yet. Fix the highlighted field and try again."),
  DOMAIN_INVALID: err(422, "That is not a domain we can use. Enter one like portal.yourbusiness.com"),
  DOMAIN_TAKEN: err(409, "That domain is already connected to another workspace. If it is yours, remove it there first or contact support."),
  DOMAIN_ALREADY_ADDED: err(409, "This workspace already has that domain. Find it in the list below."),
  DOMAIN_APEX_UNSUPPORTED: err(422, "This platform has no IP address set for root domains (PORTAL_A_RECORD), so use a subdomain such as portal.yourbusiness.com, or ask the platform's operator to set one."),
  DOMAIN_LIMIT: err(409, "A workspace can have up to 10 domains. Remove one you no longer use first."),
  DOMAIN_IS_REDIRECT: err(409, "This domain only redirects to its partner. Make the partner the primary domain instead."),
  INTERNAL: err(500, "Something went wrong on our side. Try again; if it keeps happening, contact support."),
  API_KEY_INVALID: err(401, "Send a valid API key as `Authorization: Bearer cpk_…`. Keys are created in Settings → API keys; a revoked key stops working at once."),
  INVALID_JSON: err(400, "The request body is not valid JSON."),
  BODY_TOO_LARGE: err(413, "The request body is too large (the limit is 1 MB)."),
  VALIDATION_FAILED: err(422, "Some fields are missing or not valid; see `fields`."),
  PHONE_INVALID: err(422, "Enter a valid phone number, including the country code, e.g. +44 7400 123456"),
  IMPORT_NO_KEY_COLUMN: err(422, "Map a column to Email or Phone before importing: contacts are matched and invited by them."),
  IMPORT_INCOMPLETE: err(409, "Not every row of the file reached the server, so nothing was imported. Start the import again."),
  IMPORT_ALREADY_APPLIED: err(409, "This import has already been applied. To import the file again, start a new import."),
  IMPORT_CONFLICT: err(409, "Contacts changed while the import was being applied, so nothing was imported. Apply it again."),
  IMPORT_BAD_CHUNK: err(422, "Part of the file did not arrive intact, so nothing was imported. Start the import again."),
  TEXT_UNSTORABLE: err(422, "A field holds a character that can't be stored (such as NUL or another control character). Remove it from the highlighted field and try again."),
  REQUEST_MALFORMED: err(400, "The request did not arrive intact, or is not in a form this page accepts. Reload the page and try again."),
  REQUEST_TOO_LARGE: err(413, "That is more data than one request may carry. Send less at once (a large file imports in parts)."),

  // --- SMS and DLT (issue 10). Each area adds new codes only inside its own block. ---
  // sms settings, templates, mapping, whitelist
  SMS_COUNTRY_NOT_IN: err(422, "Notification SMS can only be turned on for a workspace in India (country IN): Indian SMS go out through DLT-registered templates. Invite clients by email instead."),
  SMS_DISABLED: err(409, "Notification SMS is off for this workspace. An owner or admin can turn it on in Settings → SMS."),
  SMS_TEMPLATE_NOT_READY: err(409, "This text message is not mapped to an approved DLT template yet. Map it in Settings → SMS."),
  SENDER_ID_INVALID: err(422, "A sender ID (DLT header) is 6 letters, e.g. ACMEIN. Leave out the -S, -T, -P or -G your phone shows after it."),
  SENDER_ID_TAKEN: err(409, "This workspace already has that sender ID."),
  SENDER_ID_IN_USE: err(409, "A mapped SMS template uses this sender ID. Map that template to another sender ID first."),
  DLT_TEMPLATE_UNKNOWN: err(422, "Pick an approved DLT template from your imported ones. Import your DLT export first if the list is empty."),
  DLT_SENDER_MISMATCH: err(422, "This DLT template is registered for another sender ID. Pick the sender ID it was approved for."),
  DLT_MISMATCH: err(422, "The text does not match the DLT template exactly. Change the highlighted characters so both read the same."),
  SMS_VAR_TOO_LONG: err(422, "A value in this message can be longer than the 30 characters DLT allows for one variable. Move the fixed part of it into the template text."),
  SMS_UNICODE_IN_TEXT: err(422, "The message has a character outside the GSM alphabet, so it would go as Unicode, but the DLT template is registered as TEXT. Remove the character or register a UNICODE template."),
  SMS_URL_NOT_WHITELISTED: err(422, "The message contains a link that is not on this workspace's DLT URL whitelist. Whitelist it on DLT, add it under Settings → SMS, then try again."),
  SMS_URL_INVALID: err(422, "Enter a whitelisted URL as registered on DLT, starting with https:// or http:// and a domain name (not an IP address). A dynamic URL ends with ?"),
  SMS_URL_SHORTENER: err(422, "Public link shorteners cannot be whitelisted on DLT. Use your own domain's URL."),
  SMS_URL_TAKEN: err(409, "That URL is already on the whitelist."),
  // dlt import
  DLT_IMPORT_EMPTY: err(422, "The file has no template rows. Export your content templates from the DLT portal again and upload that file."),
  DLT_IMPORT_FORMAT: err(422, "That file could not be read as a CSV or Excel (.xlsx) DLT export. Upload the file exactly as the DLT portal exported it."),
  DLT_IMPORT_COLUMNS: err(422, "Some columns could not be matched. Pick which column holds each of the missing fields, then preview again."),
  DLT_IMPORT_TOO_LARGE: err(413, "The file is larger than a DLT export can be (the limit is 10,000 rows and 5 MB). Split it and upload each part."),
  DLT_IMPORT_NOTHING: err(422, "No row of this file is approved and active, so nothing can be imported. Check the preview for the reason each row was skipped."),
  // credits and sending
  SMS_CREDITS_LOW: err(402, "There are not enough SMS credits for this message. An owner can add credits in Settings → SMS."),
  SMS_DAILY_CAP: err(429, "This workspace has sent as many SMS today as its daily cap allows. Try again tomorrow, or raise the cap in Settings → SMS."),
  CREDITS_INVALID: err(422, "Enter a whole number of credits between 1 and 1,000,000."),
  WEBHOOK_NOT_FOUND: err(404, "Not found."),
  // phone sign-in and invitations
  PHONE_NOT_INDIAN_MOBILE: err(422, "Enter an Indian mobile number: 10 digits starting with 6, 7, 8 or 9, e.g. 98765 43210 (with or without +91)."),
  SMS_COUNTRY_NOT_ALLOWED: err(422, "Text messages from this workspace can only go to Indian mobile numbers. Use an Indian mobile number, or invite this client by email."),
  VALIDATION_NO_PHONE: err(422, "This contact has no mobile number. Add one to the contact first: the invitation goes by text message."),
  SIGN_IN_IDENTIFIER_INVALID: err(422, "Enter the email address or mobile number your invitation was sent to, e.g. name@example.com or 98765 43210."),
  USER_TYPE_PREFERENCE_LOCKED: err(409, "This user type already has portal users or portal forms, so how it invites clients can no longer change. Create a new user type instead."),
  USER_TYPE_PHONE_NOT_READY: err(409, "Phone invitations need Notification SMS on and every SMS template mapped to an approved DLT template. Finish Settings → SMS first."),
  // --- end of SMS and DLT ---

  // --- Client Centre (issue 11). Each area adds new codes only inside its own block. ---
  // opportunities, applicants, requests, templates, review
  APPLICANT_ALREADY_ADDED: err(409, "That contact is already an applicant on this opportunity. Change their role in the list instead."),
  REQUEST_TEMPLATE_NAME_TAKEN: err(409, "Another request template already has this name. Pick another name."),
  REQUEST_NO_ITEMS: err(422, "Add at least one question or document to the request."),
  REQUEST_NOT_OPEN: err(409, "This request is closed, so it can no longer be answered. Contact the business if you still need to send something."),
  REQUEST_SUBMITTED: err(409, "You already submitted this request, so it can no longer be changed. Contact the business if something needs correcting."),
  REQUEST_INCOMPLETE: err(422, "Some required items are still empty. Answer every item marked required, then submit again."),
  REVIEW_REASON_REQUIRED: err(422, "Say why the document is rejected: the client sees this reason and uploads a new one."),
  // sending access
  APPLICANT_INCOMPLETE: err(422, "Client Centre access needs the contact's first name, last name, email address and mobile number. Complete the contact first."),
  NO_APPLICANTS_SELECTED: err(422, "Select at least one applicant to send access to."),
  SYSTEM_TAG_MISSING: err(422, "The email body must contain the system tag {{client_centre.link}} exactly once, unchanged: it is the client's secure link."),
  CLIENT_CENTRE_TEMPLATE_NAME_TAKEN: err(409, "Another invitation template already has this name. Pick another name."),
  // two-factor sign-in, re-authentication, geoblocking
  TWO_FACTOR_PENDING_EXPIRED: err(400, "This sign-in has expired, or it was started in another browser. Open the link from your invitation email again on this device."),
  TWO_FACTOR_COOLDOWN: err(429, "We sent a code a moment ago. Use the code in the latest text message or email, or ask again once the wait shown is over."),
  GEO_BLOCKED: err(403, "This portal cannot be opened from your current location."),
  // files
  FILE_TOO_LARGE: err(413, "That file is larger than the limit shown next to the upload box. Make it smaller (for a scan, a lower resolution), then upload it again."),
  FILE_TYPE_NOT_ALLOWED: err(415, "That kind of file can't be uploaded here. Upload a PDF, an image (JPEG, PNG, HEIC, WebP), or a Word or Excel document."),
  FILE_EMPTY: err(422, "That file is empty. Pick the file again; if it still fails, save it again from the program that made it."),
  FILE_LIMIT: err(409, "This item already has as many files as it can hold. Remove one you no longer need, then upload again."),
  STORAGE_UNAVAILABLE: err(503, "Files can't be stored right now. Try again in a minute; your answers are saved."),
  // the client's side of a request (answers, submit)
  ANSWERS_INVALID: err(422, "Some answers can't be saved as typed, so nothing was saved. Fix the items marked in red, then save again."),
  // opportunities (admin)
  OPPORTUNITY_OWNER_NOT_MEMBER: err(422, "The owner must be a member of this workspace. Pick someone from the list."),
  // files (uploads and downloads)
  FILE_TYPE_LEGACY_OFFICE: err(415, "Older Word and Excel files (.doc, .xls) can't be checked safely. Save the file as .docx or .xlsx (File → Save As), or as a PDF, then upload that."),
  FILE_REVIEWED: err(409, "This file was already reviewed, so it stays on record. Upload a new file if something changed."),
  // requests
  REQUEST_ITEM_ANSWERED: err(409, "Applicants have already answered this item, so its kind can't change. Remove it (its answers go with it) and add a new item instead."),
  // sending access (access helper)
  CLIENT_CENTRE_REQUEST_NOT_SENDABLE: err(409, "Access can be sent only for an open request: a draft is not visible to clients yet and a closed one can no longer be answered. Open the request first."),
  CLIENT_CENTRE_TEMPLATE_IS_DEFAULT: err(409, "This is the default invitation template. Make another template the default first, then delete this one."),
  // --- end of Client Centre ---
  // --- Client hub (issue 12) ---
  // shared documents
  HUB_FOLDER_NAME_TAKEN: err(409, "Another folder already has this name. Pick another name."),
  HUB_FOLDER_NOT_EMPTY: err(409, "This folder still has files. Move or delete them first, then delete the folder."),
  HUB_NO_AUDIENCE: err(422, "Choose who to share with: at least one client or one user type."),
  HUB_UPLOADS_NOT_ALLOWED: err(403, "This folder doesn't take uploads. Ask the business to open a folder for your files."),
  // conversations
  MESSAGE_EMPTY: err(422, "Write a message or attach a file before sending."),
  MESSAGE_TOO_LONG: err(422, "That message is too long (the limit is 10,000 characters). Split it into two messages."),
  MESSAGE_TOO_MANY_FILES: err(422, "A message can carry at most 5 files. Send the rest in another message."),
  // contracts and proposals
  CONTRACT_NOT_PDF: err(415, "Contracts must be PDF files. Save or print the document as a PDF, then upload that."),
  CONTRACT_PDF_UNREADABLE: err(422, "That PDF can't be read (it may be damaged or password-protected). Save it again without a password, then upload it again."),
  CONTRACT_NO_SIGNERS: err(422, "Add at least one signer before sending."),
  CONTRACT_SIGNER_NOT_IN_PORTAL: err(422, "Every signer must have portal access, because they sign in the portal. Invite them to the portal first, then send."),
  CONTRACT_SIGNER_NEEDS_SIGNATURE: err(422, "Every signer needs at least one signature field. Place a signature field for each signer, then send."),
  CONTRACT_FIELD_OUT_OF_PAGE: err(422, "A field lies outside its page. Move it onto the page, then save."),
  CONTRACT_NOT_DRAFT: err(409, "This contract was already sent, so it can no longer be edited. Void it and send a new one if something must change."),
  CONTRACT_CLOSED: err(409, "This document is no longer open for signing: it was completed, declined or withdrawn."),
  CONTRACT_NOT_YOUR_TURN: err(409, "It isn't your turn to sign yet. We'll let you know when the signers before you have signed."),
  CONTRACT_ALREADY_SIGNED: err(409, "You have already signed this document. You can download the signed copy once everyone has signed."),
  CONTRACT_FIELDS_INCOMPLETE: err(422, "Some required fields are still empty. Fill in every field marked required, then sign again."),
  SIGNATURE_INVALID: err(422, "We couldn't read that signature. Type your name, or draw your signature again in the box."),
  CONTRACT_DECLINE_COMMENT_REQUIRED: err(422, "Say briefly why you're declining, so the business knows what to change."),
  CONTRACT_INTEGRITY_FAILED: err(500, "The stored signed PDF no longer matches the hash recorded when it was signed. Do not rely on this copy; contact support."),
  // csign (issue 12)
  CONTRACT_FIELD_TOO_LONG: err(422, "A field's text is too long (the limit is 200 characters). Shorten it, then sign again."),
  CONTRACT_DECLINE_COMMENT_TOO_LONG: err(422, "That comment is too long (the limit is 2,000 characters). Shorten it, then decline again."),
  // cadmin (issue 12)
  CONTRACT_NOT_SENT: err(409, "This document hasn't been sent yet. Send it first; a draft can simply be edited."),
  CONTRACT_REMIND_TOO_SOON: err(429, "The signers were reminded less than an hour ago. Give them a little time, then remind them again."),
  // --- end of Client hub ---
  // docs (issue 12)
  HUB_CLIENT_UPLOAD_NOT_SHAREABLE: err(409, "This file was uploaded by a client, so only they and your team see it. Download it and upload it again to share it with others."),
  // review (issue 12)
  HUB_TOO_MANY_FILES: err(422, "At most 20 files go in one upload, so the files after the 20th were left out. Upload those again."),
} as const;

export type AppErrorCode = keyof typeof errors;

/** The words for each code (derived from `errors`). */
export const errorMessages = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.message])) as Record<AppErrorCode, string>;

/** The HTTP status a code is answered with (the OpenAPI document lists the same pairs). */
export function statusFor(code: AppErrorCode): number {
  return errors[code].status;
}

/** A code's words for a code that came from outside (a redirect's `?error=`): unknown codes read as INTERNAL. */
export function messageForCode(code: string): string {
  return Object.hasOwn(errors, code) ? errors[code as AppErrorCode].message : errors.INTERNAL.message;
}

/** zod issues as per-field messages (`a.b` paths, `_` for the whole input): the shape every form and the API read. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return fields;
}


export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly field?: string,
    message?: string,
  ) {
    super(message ?? errors[code].message);
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
