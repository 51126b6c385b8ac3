import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, id, ts, updatedAt } from "./columns";

export const roleEnum = pgEnum("member_role", ["owner", "admin", "marketing"]);
export type Role = (typeof roleEnum.enumValues)[number];

export type Branding = {
  portalName?: string;
  logoUrl?: string;
  primaryColor?: string;
  faviconUrl?: string;
  supportEmail?: string;
};
export type SmsSettings = {
  enabled?: boolean;
  dailyCap?: number; // SMS a day at most (default 500)
  lowBalance?: number; // warn below this many credits
  countries?: string[]; // ISO codes SMS may go to; India only by default
};
export type SecuritySettings = {
  magicLinkDays?: number;
  sessionIdleMinutes?: number;
  sessionAbsoluteHours?: number;
  twoFactorIdleMinutes?: number; // Client Centre re-authentication after this many idle minutes (5–60, default 15)
  geoBlockedCountries?: string[]; // ISO 3166-1 alpha-2 codes whose clients cannot open the portal
  geoUnknownCountry?: "allow" | "block"; // when the country cannot be told (default allow)
};

export const workspaces = pgTable("workspaces", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  country: text("country").notNull().default("IN"), // ISO 3166-1 alpha-2, the default for national phone numbers
  branding: jsonb("branding").$type<Branding>().notNull().default({}),
  smsSettings: jsonb("sms_settings").$type<SmsSettings>().notNull().default({}),
  securitySettings: jsonb("security_settings").$type<SecuritySettings>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("memberships_workspace_user").on(t.workspaceId, t.userId), index("memberships_user").on(t.userId)],
);

/** A pending invitation to join a workspace; accepted when that address signs in (signing in proves the address). */
export const memberInvitations = pgTable(
  "member_invitations",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("member_invitations_pending")
      .on(t.workspaceId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null`),
    index("member_invitations_email").on(sql`lower(${t.email})`),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    workspaceId: uuid("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorEmail: text("actor_email"),
    action: text("action").notNull(), // e.g. contact.create, member.invite
    targetType: text("target_type"),
    targetId: text("target_id"),
    summary: text("summary"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_workspace_time").on(t.workspaceId, t.createdAt.desc(), t.id.desc())],
);

/** Rate-limit counters (rate-limiter-flexible's Drizzle store): shared by every app instance through Postgres. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: ts("expire"),
});
