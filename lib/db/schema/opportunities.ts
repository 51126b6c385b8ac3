import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, ts, updatedAt } from "./columns";
import { contacts } from "./contacts";
import { accessLinks, portalSessions, portalUsers } from "./portal";
import { workspaces } from "./workspaces";

// Client Centre (issue 11): an opportunity has applicants (contacts with a role); a request asks them for answers and
// documents; each applicant answers for themselves, behind two-factor sign-in.

export const opportunityStages = ["new", "in_progress", "won", "lost"] as const;
export type OpportunityStage = (typeof opportunityStages)[number];

export const opportunities = pgTable(
  "opportunities",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    stage: text("stage").$type<OpportunityStage>().notNull().default("new"),
    valueCents: bigint("value_cents", { mode: "number" }), // in the workspace's currency, minor units
    currency: text("currency").notNull().default("INR"),
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Newest first, keyset on (created_at, id).
    index("opportunities_workspace").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index("opportunities_name").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const applicantRoles = ["primary", "applicant", "guarantor", "other"] as const;
export type ApplicantRole = (typeof applicantRoles)[number];

export const opportunityApplicants = pgTable(
  "opportunity_applicants",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    role: text("role").$type<ApplicantRole>().notNull().default("applicant"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("opportunity_applicants_unique").on(t.opportunityId, t.contactId),
    // "Which requests may this client see": from the contact to its opportunities.
    index("opportunity_applicants_contact").on(t.workspaceId, t.contactId),
  ],
);

export const requestItemKinds = ["short_text", "long_text", "date", "number", "single_choice", "multiple_choice", "document"] as const;
export type RequestItemKind = (typeof requestItemKinds)[number];

/** One item as a template or a request defines it (templates keep a list of these in JSON). */
export type RequestItemDef = {
  kind: RequestItemKind;
  label: string;
  helpText?: string;
  required: boolean;
  options?: string[]; // single/multiple choice
};

export const requestTemplates = pgTable(
  "request_templates",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    title: text("title").notNull(), // the request title it starts with
    message: text("message"),
    items: jsonb("items").$type<RequestItemDef[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("request_templates_name").on(t.workspaceId, sql`lower(${t.name})`)],
);

/** draft: being built, clients cannot see it; open: clients can answer; closed: the admin closed it. */
export const requestStatuses = ["draft", "open", "closed"] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const requests = pgTable(
  "requests",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    message: text("message"), // shown to the client above the items
    status: text("status").$type<RequestStatus>().notNull().default("open"),
    dueAt: ts("due_at"),
    // Reminder emails to applicants who have not submitted: this many days before the due date (and on it); null: none.
    reminderDaysBefore: integer("reminder_days_before"),
    lastReminderAt: ts("last_reminder_at"),
    templateId: uuid("template_id").references(() => requestTemplates.id, { onDelete: "set null" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("requests_opportunity").on(t.workspaceId, t.opportunityId, t.createdAt)],
);

export const requestItems = pgTable(
  "request_items",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    requestId: uuid("request_id").notNull().references(() => requests.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    kind: text("kind").$type<RequestItemKind>().notNull(),
    label: text("label").notNull(),
    helpText: text("help_text"),
    required: boolean("required").notNull().default(true),
    options: text("options").array(), // single/multiple choice
    createdAt: createdAt(),
  },
  (t) => [index("request_items_request").on(t.requestId, t.position)],
);

/**
 * One applicant's progress on one request. Created when the applicant first opens the request (opened_at) or when
 * an invitation is sent for it (invited_at). not opened = no row or opened_at null; in progress = opened, not
 * submitted; submitted = submitted_at set (read-only for the client until an admin rejects a document).
 */
export const requestResponses = pgTable(
  "request_responses",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    requestId: uuid("request_id").notNull().references(() => requests.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    invitedAt: ts("invited_at"),
    openedAt: ts("opened_at"),
    submittedAt: ts("submitted_at"),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("request_responses_unique").on(t.requestId, t.contactId), index("request_responses_contact").on(t.workspaceId, t.contactId)],
);

/** An applicant's answer to one question item: saved as a draft while they type, frozen when they submit. */
export type AnswerValue = string | string[] | null;

export const requestAnswers = pgTable(
  "request_answers",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    requestId: uuid("request_id").notNull().references(() => requests.id, { onDelete: "cascade" }),
    itemId: uuid("item_id").notNull().references(() => requestItems.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    value: jsonb("value").$type<AnswerValue>(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("request_answers_unique").on(t.itemId, t.contactId), index("request_answers_request").on(t.requestId, t.contactId)],
);

export const documentReviewStatuses = ["pending", "approved", "rejected"] as const;
export type DocumentReviewStatus = (typeof documentReviewStatuses)[number];

/**
 * A stored file. Its storage key is generated (never built from the file's name); content_type is what the bytes
 * are (file-type), not what the browser claimed. For a request upload: request_id, request_item_id and contact_id
 * (the applicant) are set and the admin reviews it. A rejected document stays (with its reason) next to the new one.
 */
export const documents = pgTable(
  "documents",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    requestId: uuid("request_id").references(() => requests.id, { onDelete: "cascade" }),
    requestItemId: uuid("request_item_id").references(() => requestItems.id, { onDelete: "cascade" }),
    name: text("name").notNull(), // display name only, cleaned
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    uploadedByPortalUserId: uuid("uploaded_by_portal_user_id").references(() => portalUsers.id, { onDelete: "set null" }),
    uploadedByUserId: text("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    reviewStatus: text("review_status").$type<DocumentReviewStatus>().notNull().default("pending"),
    reviewReason: text("review_reason"),
    reviewedAt: ts("reviewed_at"),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    deletedAt: ts("deleted_at"), // the client removed it before submitting
    createdAt: createdAt(),
  },
  (t) => [
    index("documents_request_item").on(t.requestItemId, t.contactId, t.createdAt),
    index("documents_workspace").on(t.workspaceId, t.createdAt.desc()),
  ],
);

/** Named invitation emails for Client Centre access; the body must hold {{client_centre.link}} exactly once. */
export const clientCentreTemplates = pgTable(
  "client_centre_templates",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("client_centre_templates_name").on(t.workspaceId, sql`lower(${t.name})`),
    uniqueIndex("client_centre_templates_one_default").on(t.workspaceId).where(sql`${t.isDefault}`),
  ],
);

/**
 * Two-factor sign-in in progress (DESIGN §11): bound to the browser that started it by a cookie holding
 * `<id>.<secret>`; only sha256(secret) is stored. purpose link: the Continue POST of a two-factor link (first factor:
 * the link); step_up: a one-factor session asking for the second factor; reauth: a two-factor session that went
 * idle (the cookie's expired session is the first factor, within the 12 h absolute limit). Single-use, 15 min.
 */
export const pendingSignIns = pgTable(
  "pending_sign_ins",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    portalUserId: uuid("portal_user_id").notNull().references(() => portalUsers.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"link" | "step_up" | "reauth">().notNull(),
    browserHash: text("browser_hash").notNull(),
    host: text("host").notNull(),
    linkId: uuid("link_id").references(() => accessLinks.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").references(() => portalSessions.id, { onDelete: "cascade" }),
    challengeId: uuid("challenge_id"), // the newest code sent for it (otp_challenges.id); a resend replaces it
    lastSentAt: ts("last_sent_at"),
    sends: integer("sends").notNull().default(0),
    next: text("next"), // where to go after the code (a portal path)
    expiresAt: ts("expires_at").notNull(),
    consumedAt: ts("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("pending_sign_ins_user").on(t.portalUserId, t.createdAt)],
);
