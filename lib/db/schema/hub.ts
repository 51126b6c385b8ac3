import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, ts, updatedAt } from "./columns";
import { contacts } from "./contacts";
import { opportunities } from "./opportunities";
import { portalUserTypes, portalUsers } from "./portal";
import { workspaces } from "./workspaces";

// Client hub (issue 12): documents shared with clients, conversations, and contracts/proposals signed in the portal.

// ---------------------------------------------------------------------------------------------------------------
// Shared documents

/** A folder of shared documents. Its audience (shared_audiences) sees every team file in it. */
export const sharedFolders = pgTable(
  "shared_folders",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Clients who see the folder may upload into it; their files are seen by them and the team only.
    clientUploads: boolean("client_uploads").notNull().default(false),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("shared_folders_name").on(t.workspaceId, sql`lower(${t.name})`)],
);

/**
 * A file in the hub. A team file (uploaded_by_contact_id null) is seen by its own audience and its folder's; a
 * client's upload (uploaded_by_contact_id set) only by that client and the team, whatever the folder's audience.
 */
export const sharedFiles = pgTable(
  "shared_files",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    folderId: uuid("folder_id").references(() => sharedFolders.id, { onDelete: "restrict" }),
    name: text("name").notNull(), // display name only, cleaned
    note: text("note"),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    uploadedByUserId: text("uploaded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    uploadedByContactId: uuid("uploaded_by_contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    uploadedByPortalUserId: uuid("uploaded_by_portal_user_id").references(() => portalUsers.id, { onDelete: "set null" }),
    deletedAt: ts("deleted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("shared_files_folder").on(t.workspaceId, t.folderId, t.createdAt.desc(), t.id.desc()),
    index("shared_files_workspace").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index("shared_files_client_upload").on(t.uploadedByContactId).where(sql`${t.uploadedByContactId} is not null`),
  ],
);

/**
 * Who a file or folder is shared with: one contact, or every portal user of a user type (read at access time, so a
 * type's new members see what was shared with the type before they joined).
 */
export const sharedAudiences = pgTable(
  "shared_audiences",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    fileId: uuid("file_id").references(() => sharedFiles.id, { onDelete: "cascade" }),
    folderId: uuid("folder_id").references(() => sharedFolders.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    userTypeId: uuid("user_type_id").references(() => portalUserTypes.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("shared_audiences_target", sql`num_nonnulls(${t.fileId}, ${t.folderId}) = 1`),
    check("shared_audiences_who", sql`num_nonnulls(${t.contactId}, ${t.userTypeId}) = 1`),
    uniqueIndex("shared_audiences_file_contact").on(t.fileId, t.contactId).where(sql`${t.fileId} is not null and ${t.contactId} is not null`),
    uniqueIndex("shared_audiences_file_type").on(t.fileId, t.userTypeId).where(sql`${t.fileId} is not null and ${t.userTypeId} is not null`),
    uniqueIndex("shared_audiences_folder_contact").on(t.folderId, t.contactId).where(sql`${t.folderId} is not null and ${t.contactId} is not null`),
    uniqueIndex("shared_audiences_folder_type").on(t.folderId, t.userTypeId).where(sql`${t.folderId} is not null and ${t.userTypeId} is not null`),
    index("shared_audiences_contact").on(t.workspaceId, t.contactId).where(sql`${t.contactId} is not null`),
    index("shared_audiences_type").on(t.workspaceId, t.userTypeId).where(sql`${t.userTypeId} is not null`),
  ],
);

/** Each time a client viewed (inline preview) or downloaded a shared file: the admin's "who saw what, when". */
export const sharedFileEvents = pgTable(
  "shared_file_events",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    fileId: uuid("file_id").notNull().references(() => sharedFiles.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    portalUserId: uuid("portal_user_id").references(() => portalUsers.id, { onDelete: "set null" }),
    kind: text("kind").$type<"view" | "download">().notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [
    index("shared_file_events_file").on(t.fileId, t.createdAt.desc()),
    index("shared_file_events_contact").on(t.workspaceId, t.contactId, t.createdAt.desc()),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Conversations

/**
 * One conversation per client (contact_id) or per opportunity (opportunity_id, for its applicants). Messages are
 * numbered by `last_seq` under this row's lock, so concurrent posts get a total, gapless order.
 */
export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    opportunityId: uuid("opportunity_id").references(() => opportunities.id, { onDelete: "cascade" }),
    assignedUserId: text("assigned_user_id").references(() => users.id, { onDelete: "set null" }),
    lastSeq: integer("last_seq").notNull().default(0),
    // The newest message by a client and by the team: unread for one side is "the other side's last seq > my read".
    lastClientSeq: integer("last_client_seq").notNull().default(0),
    lastTeamSeq: integer("last_team_seq").notNull().default(0),
    lastMessageAt: ts("last_message_at"),
    lastMessagePreview: text("last_message_preview"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("conversations_subject", sql`num_nonnulls(${t.contactId}, ${t.opportunityId}) = 1`),
    uniqueIndex("conversations_contact").on(t.workspaceId, t.contactId).where(sql`${t.contactId} is not null`),
    uniqueIndex("conversations_opportunity").on(t.workspaceId, t.opportunityId).where(sql`${t.opportunityId} is not null`),
    index("conversations_inbox").on(t.workspaceId, t.lastMessageAt.desc(), t.id.desc()),
    index("conversations_assigned").on(t.workspaceId, t.assignedUserId, t.lastMessageAt.desc(), t.id.desc()),
    // The live feed: what changed since a moment, across all workspaces (one query per instance, not per viewer).
    index("conversations_updated").on(t.updatedAt),
  ],
);

export const conversationMessages = pgTable(
  "conversation_messages",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorContactId: uuid("author_contact_id").references(() => contacts.id, { onDelete: "set null" }),
    // Kept when the author is deleted, so the thread still reads.
    authorName: text("author_name").notNull(),
    fromClient: boolean("from_client").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("conversation_messages_seq").on(t.conversationId, t.seq),
    index("conversation_messages_body_trgm").using("gin", sql`lower(${t.body}) gin_trgm_ops`),
  ],
);

export const conversationAttachments = pgTable(
  "conversation_attachments",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").notNull().references(() => conversationMessages.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index("conversation_attachments_message").on(t.messageId)],
);

/** How far one participant (a client, or one team member) has read a conversation. */
export const conversationReads = pgTable(
  "conversation_reads",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("conversation_reads_who", sql`num_nonnulls(${t.contactId}, ${t.userId}) = 1`),
    uniqueIndex("conversation_reads_contact").on(t.conversationId, t.contactId).where(sql`${t.contactId} is not null`),
    uniqueIndex("conversation_reads_user").on(t.conversationId, t.userId).where(sql`${t.userId} is not null`),
    index("conversation_reads_user_ws").on(t.workspaceId, t.userId).where(sql`${t.userId} is not null`),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Notifications: batched digests

export const hubNoticeKinds = ["documents", "messages", "contract"] as const;
export type HubNoticeKind = (typeof hubNoticeKinds)[number];

/**
 * A pending notification to one client (contact) or one team member (user) about new hub activity. At most one
 * pending row per recipient and kind: more activity before `due_at` adds to it, so ten shared files or twenty
 * messages make one email. A job sends what is due (re-checking it still matters, e.g. messages still unread) and
 * writes the outbox row in the same transaction as `sent_at`.
 */
export const hubNotices = pgTable(
  "hub_notices",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").references(() => contacts.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<HubNoticeKind>().notNull(),
    itemCount: integer("item_count").notNull().default(1),
    // Up to a handful of item names/titles and ids to word the digest; the count says how many in all.
    items: jsonb("items").$type<{ id: string; label: string }[]>().notNull().default(sql`'[]'::jsonb`),
    dueAt: ts("due_at").notNull(),
    sentAt: ts("sent_at"),
    skippedReason: text("skipped_reason"), // e.g. read_before_due, no_address, sms_not_ready
    messageId: uuid("message_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("hub_notices_who", sql`num_nonnulls(${t.contactId}, ${t.userId}) = 1`),
    uniqueIndex("hub_notices_pending_contact").on(t.contactId, t.kind).where(sql`${t.sentAt} is null and ${t.contactId} is not null`),
    uniqueIndex("hub_notices_pending_user").on(t.workspaceId, t.userId, t.kind).where(sql`${t.sentAt} is null and ${t.userId} is not null`),
    index("hub_notices_due").on(t.dueAt).where(sql`${t.sentAt} is null`),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Contracts and proposals

export const contractKinds = ["contract", "proposal"] as const;
export type ContractKind = (typeof contractKinds)[number];
/** draft → sent → completed (all signed / accepted) | declined (a signer declined) ; voided by the team before completion. */
export const contractStatuses = ["draft", "sent", "completed", "declined", "voided"] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export type ContractPage = { width: number; height: number }; // PDF points, as pdf-lib reads them (rotation applied)

/** Once completed, a contract row cannot change (trigger in migration 0012); the signed PDF's hash is on record. */
export const contracts = pgTable(
  "contracts",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ContractKind>().notNull().default("contract"),
    title: text("title").notNull(),
    message: text("message"), // shown to signers above the document
    status: text("status").$type<ContractStatus>().notNull().default("draft"),
    signingOrder: text("signing_order").$type<"sequential" | "parallel">().notNull().default("parallel"),
    opportunityId: uuid("opportunity_id").references(() => opportunities.id, { onDelete: "set null" }),
    originalName: text("original_name").notNull(),
    originalStorageKey: text("original_storage_key").notNull().unique(),
    originalSha256: text("original_sha256").notNull(),
    originalSize: bigint("original_size", { mode: "number" }).notNull(),
    pages: jsonb("pages").$type<ContractPage[]>().notNull(),
    signedStorageKey: text("signed_storage_key").unique(),
    signedSha256: text("signed_sha256"),
    signedSize: bigint("signed_size", { mode: "number" }),
    sentAt: ts("sent_at"),
    completedAt: ts("completed_at"),
    declinedAt: ts("declined_at"),
    voidedAt: ts("voided_at"),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("contracts_workspace").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index("contracts_status").on(t.workspaceId, t.status, t.createdAt.desc()),
  ],
);

/** waiting: not their turn yet (sequential order); pending: may sign now; signed; declined. */
export const contractSignerStatuses = ["waiting", "pending", "signed", "declined"] as const;
export type ContractSignerStatus = (typeof contractSignerStatuses)[number];

export const contractSigners = pgTable(
  "contract_signers",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id").notNull().references(() => contracts.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    status: text("status").$type<ContractSignerStatus>().notNull().default("waiting"),
    // Name and address as they were when the contract was sent: the audit page records who was asked.
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    viewedAt: ts("viewed_at"),
    signedAt: ts("signed_at"),
    declinedAt: ts("declined_at"),
    comment: text("comment"), // a proposal's accept/decline comment
    signatureKind: text("signature_kind").$type<"typed" | "drawn">(),
    signatureText: text("signature_text"), // typed: the name as typed
    signatureImage: text("signature_image"), // drawn: base64 PNG (size-capped)
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("contract_signers_contact").on(t.contractId, t.contactId),
    index("contract_signers_inbox").on(t.workspaceId, t.contactId, t.status),
  ],
);

export const contractFieldKinds = ["signature", "initials", "date", "text"] as const;
export type ContractFieldKind = (typeof contractFieldKinds)[number];

/** A box on a page for one signer. x, y, width, height are fractions of the page (0..1), origin at the top left. */
export const contractFields = pgTable(
  "contract_fields",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id").notNull().references(() => contracts.id, { onDelete: "cascade" }),
    signerId: uuid("signer_id").notNull().references(() => contractSigners.id, { onDelete: "cascade" }),
    kind: text("kind").$type<ContractFieldKind>().notNull(),
    page: integer("page").notNull(), // 0-based
    x: real("x").notNull(),
    y: real("y").notNull(),
    width: real("width").notNull(),
    height: real("height").notNull(),
    label: text("label"),
    required: boolean("required").notNull().default(true),
    value: text("value"), // filled when its signer signs
    createdAt: createdAt(),
  },
  (t) => [index("contract_fields_contract").on(t.contractId, t.page)],
);

export const contractEventKinds = ["created", "sent", "viewed", "signed", "accepted", "declined", "completed", "voided", "reminded"] as const;
export type ContractEventKind = (typeof contractEventKinds)[number];

/** The contract's history, from which its audit page is written. */
export const contractEvents = pgTable(
  "contract_events",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contractId: uuid("contract_id").notNull().references(() => contracts.id, { onDelete: "cascade" }),
    signerId: uuid("signer_id").references(() => contractSigners.id, { onDelete: "set null" }),
    kind: text("kind").$type<ContractEventKind>().notNull(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorName: text("actor_name"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("contract_events_contract").on(t.contractId, t.createdAt)],
);
