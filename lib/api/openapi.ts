import "server-only";
import { z } from "zod";
import { createContactSchema } from "@/lib/contacts/create-contact.schema";
import { errorMessages, type AppErrorCode } from "@/lib/errors";
import { invitePortalUserSchema } from "@/lib/portal/invite-portal-user";
import { LIMITS } from "@/lib/rate-limit";
import { statusFor } from "@/lib/errors";
import { apiLoginEmailsSchema, listContactsQuerySchema, listPortalUsersQuerySchema } from "./schemas";

// The OpenAPI 3.1 description of /api/v1, in one place. Request bodies and query parameters are generated from the
// zod schemas the handlers parse with, so the document and the validation cannot drift apart; tests check that
// every route file under app/api/v1 is described here with the methods it exports.

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, what OpenAPI 3.1 uses) for what a client sends; the UUID regex zod adds is left to `format`. */
function schemaOf(s: z.ZodType): Json {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (!v || typeof v !== "object") return v;
    const o = { ...(v as Json) };
    delete o.$schema;
    if (o.format === "uuid") delete o.pattern;
    for (const k of Object.keys(o)) o[k] = clean(o[k]);
    return o;
  };
  return clean(z.toJSONSchema(s, { io: "input", unrepresentable: "any" })) as Json;
}

function queryParameters(s: z.ZodObject): Json[] {
  return Object.entries(s.shape).map(([name, prop]) => {
    const { description, ...schema } = schemaOf(prop as z.ZodType);
    return { name, in: "query", required: !(prop as z.ZodType).safeParse(undefined).success, description, schema };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: Json, description?: string) => ({ required: true, description, content: { "application/json": { schema } } });
const ok = (description: string, data: Json, extra: Json = {}) => ({
  description,
  content: { "application/json": { schema: { type: "object", required: ["data"], properties: { data, ...extra } } } },
});
const page = (item: string) =>
  ok("One page; `nextCursor` is null on the last page.", { type: "array", items: ref(item) }, { nextCursor: { type: ["string", "null"] } });

/** Error responses by status, each naming the codes it may carry. Every operation can also answer 401, 429, 500 and 503. */
function errors(...codes: AppErrorCode[]): Json {
  const all: AppErrorCode[] = [...codes, "API_KEY_INVALID", "RATE_LIMITED", "INTERNAL", "RATE_LIMIT_STORE_UNAVAILABLE"];
  const byStatus = new Map<number, AppErrorCode[]>();
  for (const c of all) byStatus.set(statusFor(c), [...(byStatus.get(statusFor(c)) ?? []), c]);
  const out: Json = {};
  for (const [status, cs] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: cs.map((c) => `\`${c}\`: ${errorMessages[c]}`).join("\n\n"),
      headers: status === 429 ? { "Retry-After": { description: "Seconds to wait before the next request.", schema: { type: "integer" } } } : undefined,
      content: { "application/json": { schema: ref("Error") } },
    };
  }
  return out;
}

const dateTime = { type: "string", format: "date-time" };
const nullable = (s: Json) => ({ ...s, type: [s.type, "null"] });
const uuid = { type: "string", format: "uuid" };

/** The document served at /api/v1/openapi.json; `appUrl` is this install's app host. */
export function openApiDocument(appUrl: string) {
  const limit = LIMITS.apiPerKey;
  return {
    openapi: "3.1.0",
    info: {
      title: "Client Portal API",
      version: "1",
      description: [
        "Contacts and the client portal for workflows (Zapier, Make, n8n or your own code).",
        "",
        "**Authentication.** Create a key in the admin app under *Settings → API keys* (owners and admins) and send it as",
        "`Authorization: Bearer cpk_…`. A key acts for its workspace only; another workspace's ids answer 404 exactly",
        "like ids that do not exist. Revoking a key takes effect on the next request.",
        "",
        `**Rate limit.** ${limit.points} requests per ${limit.durationSec} seconds per key; past it, 429 \`RATE_LIMITED\` with \`Retry-After\`.`,
        "",
        "**Errors.** Every error is JSON: `{ \"error\": { \"code\", \"message\", \"field\"?, \"fields\"? } }`. Branch on `code`;",
        "`message` is written for people. Validation errors (422) list messages per field in `fields`.",
        "",
        "**Paging.** Lists are keyset-paginated: pass the previous page's `nextCursor` as `cursor` until it is null.",
        "Every row appears once even while rows are added.",
      ].join("\n"),
    },
    servers: [{ url: `${appUrl.replace(/\/$/, "")}/api/v1` }],
    security: [{ apiKey: [] }],
    tags: [
      { name: "Contacts", description: "The workspace's contacts." },
      { name: "Portal", description: "Portal users: invitations, magic links and login emails." },
      { name: "Meta", description: "This document." },
    ],
    paths: {
      "/contacts": {
        get: {
          operationId: "listContacts",
          tags: ["Contacts"],
          summary: "List contacts",
          parameters: queryParameters(listContactsQuerySchema),
          responses: { "200": page("Contact"), ...errors("VALIDATION_FAILED") },
        },
        post: {
          operationId: "createContact",
          tags: ["Contacts"],
          summary: "Create a contact",
          description: "The same rules as the admin form: a first name and an email or a phone. Phone numbers without a country code are read with the workspace's country and stored as E.164.",
          requestBody: body(ref("ContactInput")),
          responses: { "201": ok("The new contact.", ref("Contact")), ...errors("INVALID_JSON", "BODY_TOO_LARGE", "VALIDATION_FAILED", "PHONE_INVALID", "CONTACT_EMAIL_TAKEN", "CONTACT_PHONE_TAKEN") },
        },
      },
      "/portal/invitations": {
        post: {
          operationId: "invitePortalUser",
          tags: ["Portal"],
          summary: "Invite a contact to the portal",
          description:
            "Invites an existing contact (`contactId`) or an email address (the contact is found by email or created). The invitation email, carrying the client's personal link, is queued from the workspace's default email profile. Inviting someone already invited re-sends it (`reinvited`); a revoked portal user is restored (`restored`).",
          requestBody: body(
            ref("InvitationInput"),
            "Send `contactId`, `email` or `phone` (an Indian mobile number, for user types that invite by SMS). The user type decides the channel: email, or SMS through the workspace's DLT-mapped templates.",
          ),
          responses: {
            "201": ok("Invited for the first time.", ref("InvitationResult")),
            "200": ok("Re-invited or restored.", ref("InvitationResult")),
            ...errors(
              "INVALID_JSON",
              "BODY_TOO_LARGE",
              "VALIDATION_FAILED",
              "NOT_FOUND",
              "NO_EMAIL_PROFILE",
              "CONTACT_EMAIL_TAKEN",
              "CONTACT_PHONE_TAKEN",
              "VALIDATION_NO_EMAIL",
              "VALIDATION_NO_PHONE",
              "SMS_COUNTRY_NOT_ALLOWED",
              "SMS_DISABLED",
              "SMS_TEMPLATE_NOT_READY",
              "SMS_CREDITS_LOW",
              "SMS_DAILY_CAP",
            ),
          },
        },
      },
      "/portal/users": {
        get: {
          operationId: "listPortalUsers",
          tags: ["Portal"],
          summary: "List portal users by status",
          description: "Newest invitation first.",
          parameters: queryParameters(listPortalUsersQuerySchema),
          responses: { "200": page("PortalUser"), ...errors("VALIDATION_FAILED") },
        },
      },
      "/portal/users/{id}/magic-link": {
        get: {
          operationId: "getMagicLink",
          tags: ["Portal"],
          summary: "Get a portal user's magic link",
          description:
            "The portal user's current personal link (the value workflow emails embed as the magic link). If they have no active link one is created (`created: true`); an existing link is never replaced, so calling this twice returns the same URL.",
          parameters: [{ name: "id", in: "path", required: true, description: "The portal user's id.", schema: uuid }],
          responses: { "200": ok("The link.", ref("MagicLink")), ...errors("NOT_FOUND", "ACCESS_REVOKED") },
        },
      },
      "/portal/login-emails": {
        post: {
          operationId: "sendLoginEmails",
          tags: ["Portal"],
          summary: "Send login emails",
          description:
            "Queues one login email per portal user, each carrying their personal link, as one batch. Revoked users, contacts without an email and ids that are not this workspace's portal users are skipped and listed with the reason.",
          requestBody: body(ref("LoginEmailsInput")),
          responses: { "202": ok("Queued.", ref("LoginEmailsResult")), ...errors("INVALID_JSON", "BODY_TOO_LARGE", "VALIDATION_FAILED", "NO_EMAIL_PROFILE") },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "getOpenApi",
          tags: ["Meta"],
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "cpk_…", description: "A workspace API key from Settings → API keys." },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", description: "Stable and machine-readable; branch on this.", examples: ["VALIDATION_FAILED"] },
                message: { type: "string", description: "For people; may change." },
                field: { type: "string", description: "The field an error is about, when it is about one." },
                fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } }, description: "Messages per field (validation errors)." },
              },
            },
          },
        },
        Contact: {
          type: "object",
          required: ["id", "firstName", "lastName", "email", "phone", "company", "createdAt"],
          properties: {
            id: uuid,
            firstName: { type: "string" },
            lastName: { type: "string" },
            email: nullable({ type: "string", format: "email" }),
            phone: nullable({ type: "string", description: "E.164, e.g. +919876543210" }),
            company: { type: "string" },
            createdAt: dateTime,
          },
        },
        ContactInput: schemaOf(createContactSchema),
        InvitationInput: schemaOf(invitePortalUserSchema),
        InvitationResult: {
          type: "object",
          required: ["portalUserId", "contactId", "outcome", "contactCreated", "messageId", "channel", "to"],
          properties: {
            portalUserId: uuid,
            contactId: uuid,
            outcome: { type: "string", enum: ["invited", "reinvited", "restored"] },
            contactCreated: { type: "boolean" },
            messageId: { ...uuid, description: "The queued invitation (an email or an SMS)." },
            channel: { type: "string", enum: ["email", "sms"] },
            to: { type: "string", description: "Where it went: the email address, or the mobile number (+91 98765 43210)." },
          },
        },
        PortalUser: {
          type: "object",
          required: ["id", "contactId", "firstName", "lastName", "email", "phone", "status", "userType", "invitedAt", "joinedAt", "lastSeenAt", "revokedAt"],
          properties: {
            id: uuid,
            contactId: uuid,
            firstName: { type: "string" },
            lastName: { type: "string" },
            email: nullable({ type: "string", format: "email" }),
            phone: nullable({ type: "string" }),
            status: { type: "string", enum: ["invited", "joined", "revoked"] },
            userType: nullable({ type: "string" }),
            invitedAt: dateTime,
            joinedAt: nullable({ ...dateTime, description: "First successful sign-in." }),
            lastSeenAt: nullable(dateTime),
            revokedAt: nullable(dateTime),
          },
        },
        MagicLink: {
          type: "object",
          required: ["portalUserId", "url", "expiresAt", "created"],
          properties: {
            portalUserId: uuid,
            url: { type: "string", format: "uri", description: "Opens the portal's sign-in page for this client, on the portal's own host." },
            expiresAt: dateTime,
            created: { type: "boolean", description: "True when this call issued the link." },
          },
        },
        LoginEmailsInput: schemaOf(apiLoginEmailsSchema),
        LoginEmailsResult: {
          type: "object",
          required: ["batchId", "queued", "skipped"],
          properties: {
            batchId: uuid,
            queued: { type: "integer" },
            skipped: {
              type: "array",
              items: {
                type: "object",
                required: ["portalUserId", "name", "reason"],
                properties: { portalUserId: uuid, name: { type: ["string", "null"] }, reason: { type: "string", examples: ["Access revoked", "No email address", "Not found"] } },
              },
            },
          },
        },
      },
    },
  };
}
