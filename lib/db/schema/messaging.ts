import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, ts, updatedAt } from "./columns";
import { workspaces } from "./workspaces";

export const channelEnum = pgEnum("message_channel", ["email", "sms"]);
export const messageStatusEnum = pgEnum("message_status", ["queued", "sending", "sent", "delivered", "failed", "bounced", "complained"]);

/**
 * The outbox. A row is written in the same transaction as the action that causes it and delivered by a job,
 * so a crash or a failing provider delays a message but never loses it.
 */
export const messages = pgTable(
  "messages",
  {
    id: id(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }), // null: platform mail (admin sign-in)
    channel: channelEnum("channel").notNull(),
    to: text("to").notNull(),
    fromName: text("from_name"),
    fromAddress: text("from_address"),
    replyTo: text("reply_to"),
    subject: text("subject"),
    text: text("text").notNull(),
    html: text("html"),
    template: text("template"), // which template produced it, e.g. admin.sign_in
    meta: jsonb("meta").$type<Record<string, unknown>>(),
    batchId: uuid("batch_id"), // groups a bulk send so the UI can show its progress
    status: messageStatusEnum("status").notNull().default("queued"),
    provider: text("provider"),
    providerId: text("provider_id"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lockedUntil: ts("locked_until"),
    lastError: text("last_error"),
    // The provider request this message goes out in (its idempotency key, a delivery_batches row while unsettled),
    // fixed when the message is first claimed: every retry repeats exactly that request under that key, so the
    // provider can never send it twice. Kept after settling, to find the request in the provider's logs.
    deliveryKey: text("delivery_key"),
    credits: integer("credits"),
    sentAt: ts("sent_at"),
    deliveredAt: ts("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("messages_due").on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    index("messages_created").on(t.createdAt.desc(), t.id),
    index("messages_workspace").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index("messages_batch").on(t.batchId).where(sql`${t.batchId} is not null`),
    index("messages_provider_id").on(t.providerId).where(sql`${t.providerId} is not null`),
    index("messages_delivery_key").on(t.deliveryKey).where(sql`${t.deliveryKey} is not null`),
    // Rows a worker holds; small, and lets a sweep find rows left in `sending` without reading the whole outbox.
    index("messages_sending").on(t.lockedUntil).where(sql`${t.status} = 'sending'`),
    // The Messages page's recipient search (`lower(to) like '%…%'`): without it a search that matches nothing reads
    // every message of the workspace.
    index("messages_to_trgm").using("gin", sql`lower(${t.to}) gin_trgm_ops`),
  ],
);

/**
 * One provider request (a batch, or a single message) with its idempotency key, from its first claim until it is
 * settled. Retries, crashes and lost answers all repeat this row's request, with the same members and key. A worker
 * holds it by a short lease (`locked_until`, renewed while it works); once the lease has run out another worker takes
 * it over, so a killed worker's mail is delayed seconds, not minutes. `locked_by` fences: only the holder settles.
 */
export const deliveryBatches = pgTable(
  "delivery_batches",
  {
    key: text("key").primaryKey(),
    channel: channelEnum("channel").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lockedUntil: ts("locked_until"),
    lockedBy: text("locked_by"),
    createdAt: createdAt(),
  },
  (t) => [index("delivery_batches_due").on(sql`coalesce(${t.lockedUntil}, ${t.nextAttemptAt})`)],
);

/**
 * The earliest time each provider may be sent the next request, shared by every worker (and kept across restarts), so
 * all of them together stay under the provider's rate with a margin.
 */
export const providerPacing = pgTable("provider_pacing", {
  provider: text("provider").primaryKey(),
  nextAt: ts("next_at").notNull(),
});

/** What a provider told us about a message after sending (webhooks), deduplicated by the provider's event id. */
export const messageEvents = pgTable(
  "message_events",
  {
    id: id(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    type: text("type").notNull(), // e.g. email.delivered, email.bounced
    detail: text("detail"),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    occurredAt: ts("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_events_provider_event").on(t.provider, t.providerEventId),
    index("message_events_message").on(t.messageId, t.occurredAt),
  ],
);

export const emailProfiles = pgTable(
  "email_profiles",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    fromName: text("from_name").notNull(),
    fromAddress: text("from_address").notNull(),
    replyTo: text("reply_to"),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_profiles_one_default").on(t.workspaceId).where(sql`${t.isDefault}`)],
);

export const emailTemplates = pgTable(
  "email_templates",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(), // invitation | login_email | sign_in_code | sign_in_link
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("email_templates_kind").on(t.workspaceId, t.kind)],
);

/** DLT headers (sender IDs) registered for the workspace: 6 letters, without the operator's -S/-T/-P/-G suffix. */
export const senderIds = pgTable(
  "sender_ids",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    senderId: text("sender_id").notNull(), // 6-character DLT header, upper case
    entityId: text("entity_id"), // ~19-digit string, never a number
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sender_ids_unique").on(t.workspaceId, t.senderId)],
);

/** Approved content templates imported from DLT exports; re-importing updates a row by its template ID. */
export const dltTemplates = pgTable(
  "dlt_templates",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    templateId: text("template_id").notNull(), // ~19-digit string, never a number
    name: text("name").notNull(),
    senderId: text("sender_id").notNull(),
    content: text("content").notNull(), // exactly as registered, {#var#} and typed tags included
    type: text("type"), // the category as exported: Service-Implicit, Transactional, …
    contentType: text("content_type").notNull().default("text"), // text | unicode
    status: text("status").notNull(), // as exported, e.g. Approved
    entityId: text("entity_id"),
    consentTemplateId: text("consent_template_id"),
    importedAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("dlt_templates_unique").on(t.workspaceId, t.templateId)],
);

/**
 * The SMS a workspace sends, one per kind (invitation, sign_in_code, sign_in_link, login_message): the text with merge
 * fields, and its mapping to a DLT template, the header it goes out under and the MSG91 template (with MSG91's names
 * for the DLT variables, in order). Only a mapped template whose text matches its DLT template can be sent.
 */
export const smsTemplates = pgTable(
  "sms_templates",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    body: text("body").notNull(),
    dltTemplateId: uuid("dlt_template_id").references(() => dltTemplates.id, { onDelete: "set null" }),
    senderId: text("sender_id"),
    msg91TemplateId: text("msg91_template_id"),
    msg91Vars: text("msg91_vars").array(), // MSG91's variable names for the DLT template's variables, in order
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("sms_templates_kind").on(t.workspaceId, t.kind)],
);

/** URLs whitelisted on DLT for the workspace's headers: static (exact) or dynamic (a prefix ending in `?`). */
export const urlWhitelist = pgTable(
  "url_whitelist",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    kind: text("kind").notNull().default("static"), // static | dynamic
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("url_whitelist_unique").on(t.workspaceId, t.url)],
);

/**
 * SMS credits, append-only: top_up (an owner, with a note), reserve (per queued message, by segments), settle (the
 * difference once the delivery report says what it cost), refund (a message that failed). A message has at most one
 * row of each reason, so a replayed report or a retried refund applies once.
 */
export const smsCreditLedger = pgTable(
  "sms_credit_ledger",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    delta: integer("delta").notNull(),
    reason: text("reason").notNull(), // top_up | reserve | settle | refund
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    note: text("note"),
    actorEmail: text("actor_email"),
    balanceAfter: integer("balance_after").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("sms_credit_ledger_workspace").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    uniqueIndex("sms_credit_ledger_message_reason").on(t.messageId, t.reason).where(sql`${t.messageId} is not null`),
  ],
);

/**
 * The running balance the ledger sums to, kept in one row per workspace so a reservation is one conditional UPDATE
 * (`balance >= n`): parallel sends can never take it below zero. `sent_today` counts SMS against the daily cap.
 */
export const smsCreditBalances = pgTable(
  "sms_credit_balances",
  {
    workspaceId: uuid("workspace_id")
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    balance: integer("balance").notNull().default(0),
    sentDay: date("sent_day", { mode: "string" }),
    sentToday: integer("sent_today").notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [check("sms_credit_balances_not_negative", sql`${t.balance} >= 0`)],
);
