import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, id, ts, updatedAt } from "./columns";
import { contacts } from "./contacts";
import { workspaces } from "./workspaces";

export const invitationPreferenceEnum = pgEnum("invitation_preference", ["email", "phone"]);
export const signInMethodEnum = pgEnum("sign_in_method", ["email_code", "email_link", "sms_code", "link_and_code"]);
export const portalUserStatusEnum = pgEnum("portal_user_status", ["invited", "joined", "revoked"]);
export const accessLinkKindEnum = pgEnum("access_link_kind", ["magic", "invitation", "sign_in", "two_factor"]);

/** A preference is editable only while the type has no portal users and no portal forms (enforced in code). */
export const portalUserTypes = pgTable(
  "portal_user_types",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    invitationPreference: invitationPreferenceEnum("invitation_preference").notNull().default("email"),
    signInMethod: signInMethodEnum("sign_in_method").notNull().default("email_link"),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("portal_user_types_name").on(t.workspaceId, sql`lower(${t.name})`)],
);

export const portalUsers = pgTable(
  "portal_users",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    contactId: uuid("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    userTypeId: uuid("user_type_id").references(() => portalUserTypes.id, { onDelete: "restrict" }),
    status: portalUserStatusEnum("status").notNull().default("invited"),
    invitedAt: ts("invited_at").notNull().defaultNow(),
    joinedAt: ts("joined_at"), // first successful sign-in, set once
    lastSeenAt: ts("last_seen_at"),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("portal_users_contact").on(t.workspaceId, t.contactId),
    index("portal_users_status").on(t.workspaceId, t.status, t.invitedAt.desc(), t.id.desc()),
    index("portal_users_joined").on(t.workspaceId, t.joinedAt).where(sql`${t.joinedAt} is not null`),
    index("portal_users_invited").on(t.workspaceId, t.invitedAt),
  ],
);

/** Token is looked up by SHA-256 and kept AES-GCM-encrypted so an admin can copy the active link again. */
export const accessLinks = pgTable(
  "access_links",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    portalUserId: uuid("portal_user_id").notNull().references(() => portalUsers.id, { onDelete: "cascade" }),
    kind: accessLinkKindEnum("kind").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    tokenEncrypted: text("token_encrypted").notNull(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    lastUsedAt: ts("last_used_at"),
    // Client Centre (two_factor) links: the request it was sent for, how it reached the client (email | copied), and
    // when its Continue button was first pressed (opened); last_used_at is then the second factor completing.
    requestId: uuid("request_id"),
    delivery: text("delivery"),
    openedAt: ts("opened_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("access_links_user").on(t.portalUserId, t.createdAt.desc()),
    // At most one active personal link (magic or invitation) per portal user, and apart from it at most one pending
    // single-use sign-in link: a client asking for a sign-in link must not break the magic link a workflow sent.
    // Issuing a new link revokes the old one of its class in the same transaction.
    uniqueIndex("access_links_one_active")
      .on(t.portalUserId, sql`(${t.kind} = 'sign_in')`)
      .where(sql`${t.revokedAt} is null`),
  ],
);

export const otpChallenges = pgTable(
  "otp_challenges",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    portalUserId: uuid("portal_user_id").notNull().references(() => portalUsers.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(), // sign_in | second_factor
    channels: text("channels").array().notNull(),
    codeHash: text("code_hash").notNull(), // HMAC-SHA256(secret, id || code)
    expiresAt: ts("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    consumedAt: ts("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [index("otp_challenges_user").on(t.portalUserId, t.createdAt)],
);

export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: id(),
    tokenHash: text("token_hash").notNull().unique(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    portalUserId: uuid("portal_user_id").notNull().references(() => portalUsers.id, { onDelete: "cascade" }),
    host: text("host").notNull(),
    twoFactor: boolean("two_factor").notNull().default(false),
    createdAt: createdAt(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    idleExpiresAt: ts("idle_expires_at").notNull(),
    absoluteExpiresAt: ts("absolute_expires_at").notNull(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("portal_sessions_user").on(t.portalUserId)],
);

/**
 * pending: waiting for the ownership TXT record; verified: ownership proven, the CNAME/A record not right yet (the
 * host is served and may get a certificate, but links do not use it); active: everything right, links use it;
 * misconfigured: a check that used to pass now fails (definite DNS answers only; timeouts change nothing).
 */
export const domainStatusEnum = pgEnum("domain_status", ["pending", "verified", "active", "misconfigured"]);
export const domainKindEnum = pgEnum("domain_kind", ["apex", "subdomain"]);

/** One DNS record we asked for and what the last check found. */
export type DomainRecordCheck = {
  type: "TXT" | "CNAME" | "A";
  name: string;
  expected: string[];
  status: "found" | "missing" | "wrong" | "conflict" | "error";
  found: string[];
  detail?: string;
};

export const domains = pgTable(
  "domains",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    // Lower-case ASCII (punycode), no trailing dot. Several workspaces may claim a hostname while it is pending (each
    // with its own TXT token); the first to prove its token takes it and the other claims are deleted.
    hostname: text("hostname").notNull(),
    kind: domainKindEnum("kind").notNull().default("subdomain"),
    status: domainStatusEnum("status").notNull().default("pending"),
    verificationToken: text("verification_token").notNull(),
    // A www/apex companion that only redirects to this domain's partner (its hostname's other form).
    redirectToId: uuid("redirect_to_id").references((): AnyPgColumn => domains.id, { onDelete: "cascade" }),
    checks: jsonb("checks").$type<DomainRecordCheck[]>(),
    lastCheckedAt: ts("last_checked_at"),
    nextCheckAt: ts("next_check_at"),
    checkFailures: integer("check_failures").notNull().default(0),
    verifiedAt: ts("verified_at"),
    misconfiguredAt: ts("misconfigured_at"),
    lastError: text("last_error"),
    isPrimary: boolean("is_primary").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // Also the index for a workspace's domains (leading column).
    uniqueIndex("domains_workspace_hostname").on(t.workspaceId, t.hostname),
    // At most one workspace holds a hostname once it is past pending; routing and the TLS `ask` look it up here.
    uniqueIndex("domains_hostname_claimed").on(t.hostname).where(sql`${t.status} <> 'pending'`),
    index("domains_due").on(t.nextCheckAt),
    uniqueIndex("domains_one_primary").on(t.workspaceId).where(sql`${t.isPrimary}`),
  ],
);

export const portalForms = pgTable("portal_forms", {
  id: id(),
  workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  userTypeId: uuid("user_type_id").references(() => portalUserTypes.id, { onDelete: "restrict" }),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** Workspace API keys for /api/v1: shown once, stored as SHA-256; the prefix lets an admin tell keys apart. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("api_keys_workspace").on(t.workspaceId, t.createdAt)],
);
