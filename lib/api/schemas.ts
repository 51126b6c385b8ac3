import { z } from "zod";
import { contactSorts } from "@/lib/contacts/list-options";
import { MAX_LOGIN_EMAILS } from "@/lib/portal/send-login-emails";
import { storableString } from "@/lib/validation/storable-text";

// The public API's own inputs (query strings, and bodies the admin UI does not share); the OpenAPI document is
// generated from these, so the two cannot drift apart.

export const API_PAGE_MAX = 100;
export const API_PAGE_DEFAULT = 25;

const page = {
  cursor: storableString().max(1000).optional().describe("`nextCursor` from the previous page; omit for the first page."),
  limit: z.coerce
    .number("Send limit as a whole number from 1 to 100.")
    .int("Send limit as a whole number from 1 to 100.")
    .min(1, "Send limit as a whole number from 1 to 100.")
    .max(API_PAGE_MAX, "Send limit as a whole number from 1 to 100.")
    .default(API_PAGE_DEFAULT)
    .describe(`Rows per page, 1–${API_PAGE_MAX} (default ${API_PAGE_DEFAULT}).`),
};
const search = storableString().trim().max(100, "Keep the search under 100 characters.").optional();

export const listContactsQuerySchema = z.object({
  q: search.describe("Matches name, email, phone or company (a substring; phone numbers also as bare digits)."),
  sort: z
    .enum(Object.keys(contactSorts) as [keyof typeof contactSorts, ...(keyof typeof contactSorts)[]], "Sort by name_asc, name_desc, newest or oldest.")
    .default("name_asc")
    .describe("Row order; a cursor belongs to the order it was made for."),
  ...page,
});

export const listPortalUsersQuerySchema = z.object({
  status: z.enum(["invited", "joined", "revoked"], "Send status as invited, joined or revoked.").describe("Which portal users: invited (not signed in yet), joined or revoked."),
  q: search.describe("Matches the contact's name, email, phone or company."),
  ...page,
});

export const apiLoginEmailsSchema = z.object({
  portalUserIds: z
    .array(z.uuid("Each id must be a portal user id (a UUID)."), "Send portalUserIds as an array of portal user ids.")
    .min(1, "Send at least one portal user id.")
    .max(MAX_LOGIN_EMAILS, `Send to at most ${MAX_LOGIN_EMAILS.toLocaleString("en")} people at once.`)
    .describe(`Portal users to email, at most ${MAX_LOGIN_EMAILS.toLocaleString("en")}; ids that are not this workspace's are reported as skipped.`),
});
