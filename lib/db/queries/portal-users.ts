import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db";
import { contacts, messages, portalUsers, portalUserTypes } from "@/lib/db/schema";
import { contactSearchFilter } from "./contacts";

export const PORTAL_USERS_PAGE_SIZE = 25;
export type PortalUserStatus = "invited" | "joined" | "revoked";

const uuid = z.uuid();
const isUuid = (s: unknown): s is string => uuid.safeParse(s).success;
const KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

type Cursor = { k: string; id: string };
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(raw: string | null | undefined): Cursor | null {
  if (!raw || raw.length > 300) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Cursor>;
    return typeof c.k === "string" && KEY.test(c.k) && isUuid(c.id) ? { k: c.k, id: c.id } : null;
  } catch {
    return null;
  }
}

/** Whether a cursor is one this list made (the public API refuses others rather than starting again). */
export function isPortalUserCursor(raw: string): boolean {
  return decode(raw) !== null;
}

// Microseconds as text: a JS Date would round to milliseconds and the keyset would skip rows.
const invitedKey = sql<string>`to_char(${portalUsers.invitedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type PortalUserRow = {
  id: string;
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  status: PortalUserStatus;
  userType: string | null;
  preference: "email" | "phone";
  invitedAt: Date;
  joinedAt: Date | null;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
};

/**
 * One page of a workspace's portal users in one state, newest invitation first, keyset-paginated on
 * (invited_at, id) — the portal_users_status index — so any page costs what the first does.
 */
export async function listPortalUsers(
  db: DbOrTx,
  p: { workspaceId: string; status: PortalUserStatus; q?: string; after?: string | null; before?: string | null; limit?: number },
): Promise<{ rows: PortalUserRow[]; next: string | null; prev: string | null }> {
  const limit = Math.min(Math.max(p.limit ?? PORTAL_USERS_PAGE_SIZE, 1), 200);
  const before = decode(p.before);
  const after = before ? null : decode(p.after);
  const cursor = before ?? after;
  const rows = await db
    .select({
      id: portalUsers.id,
      contactId: portalUsers.contactId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      status: portalUsers.status,
      userType: portalUserTypes.name,
      preference: sql<"email" | "phone">`coalesce(${portalUserTypes.invitationPreference}, 'email')`,
      invitedAt: portalUsers.invitedAt,
      joinedAt: portalUsers.joinedAt,
      lastSeenAt: portalUsers.lastSeenAt,
      revokedAt: portalUsers.revokedAt,
      key: invitedKey,
    })
    .from(portalUsers)
    .innerJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, portalUsers.userTypeId), eq(portalUserTypes.workspaceId, portalUsers.workspaceId)))
    .where(
      and(
        eq(portalUsers.workspaceId, p.workspaceId),
        eq(portalUsers.status, p.status),
        contactSearchFilter(p.q),
        cursor
          ? sql`(${portalUsers.invitedAt}, ${portalUsers.id}) ${before ? sql`>` : sql`<`} (${cursor.k}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    // The index is (…, invited_at DESC NULLS LAST, id DESC NULLS LAST): these orders are it read forwards or
    // backwards. Plain DESC means NULLS FIRST, which Postgres can only serve by sorting every row.
    .orderBy(
      ...(before
        ? [sql`${portalUsers.invitedAt} asc nulls first`, sql`${portalUsers.id} asc nulls first`]
        : [sql`${portalUsers.invitedAt} desc nulls last`, sql`${portalUsers.id} desc nulls last`]),
    )
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (before) page.reverse();
  const edge = (r: (typeof rows)[number] | undefined) => (r ? encode({ k: r.key, id: r.id }) : null);
  return {
    rows: page.map(({ key: _k, ...r }) => r),
    next: before ? edge(page[page.length - 1]) : more ? edge(page[page.length - 1]) : null,
    prev: before ? (more ? edge(page[0]) : null) : after ? edge(page[0]) : null,
  };
}

/** How many portal users are in each state (the tabs and the overview), each count served by the status index. */
export async function countPortalUsers(db: DbOrTx, p: { workspaceId: string }): Promise<Record<PortalUserStatus, number>> {
  const rows = await db
    .select({ status: portalUsers.status, n: sql<number>`count(*)`.mapWith(Number) })
    .from(portalUsers)
    .where(eq(portalUsers.workspaceId, p.workspaceId))
    .groupBy(portalUsers.status);
  const out: Record<PortalUserStatus, number> = { invited: 0, joined: 0, revoked: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** How many portal users in one state match a search (the "select all matching" count). */
export async function countMatchingPortalUsers(db: DbOrTx, p: { workspaceId: string; status: PortalUserStatus; q: string }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(portalUsers)
    .innerJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
    .where(and(eq(portalUsers.workspaceId, p.workspaceId), eq(portalUsers.status, p.status), contactSearchFilter(p.q)));
  return row?.n ?? 0;
}

export type ActivityDay = { day: string; invited: number; joined: number };
export type PortalActivity = { days: ActivityDay[]; earlier: { invited: number; joined: number } };

/**
 * The overview chart, in the same terms as the counts: each portal user who is Invited (not joined yet) sits on the
 * UTC day they were invited, each Joined user on the day they first signed in; revoked users are not in it. Users
 * from before the window are summed in `earlier`, so `earlier + days` equals `countPortalUsers` for both series.
 */
export async function portalActivity(db: DbOrTx, p: { workspaceId: string; days?: number }): Promise<PortalActivity> {
  const days = Math.min(Math.max(p.days ?? 30, 1), 365);
  const since = sql`(date_trunc('day', now() at time zone 'UTC') - make_interval(days => ${days - 1}))`;
  const at = sql`(case when ${portalUsers.status} = 'joined' then coalesce(${portalUsers.joinedAt}, ${portalUsers.invitedAt}) else ${portalUsers.invitedAt} end)`;
  const day = sql<string>`case when ${at} at time zone 'UTC' >= ${since} then to_char(${at} at time zone 'UTC', 'YYYY-MM-DD') else 'earlier' end`;
  const rows = await db
    .select({ status: portalUsers.status, day, n: sql<number>`count(*)`.mapWith(Number) })
    .from(portalUsers)
    .where(and(eq(portalUsers.workspaceId, p.workspaceId), sql`${portalUsers.status} in ('invited', 'joined')`))
    .groupBy(sql`1`, sql`2`);
  const n = (status: PortalUserStatus, d: string) => rows.find((r) => r.status === status && r.day === d)?.n ?? 0;
  const out: ActivityDay[] = [];
  const today = new Date();
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i)).toISOString().slice(0, 10);
    out.push({ day: d, invited: n("invited", d), joined: n("joined", d) });
  }
  return { days: out, earlier: { invited: n("invited", "earlier"), joined: n("joined", "earlier") } };
}

export type BatchRecipient = { name: string | null; to: string; status: string; error: string | null };
export type BatchProgress = {
  total: number;
  pending: number;
  sent: number;
  failed: number;
  /** How many of `total` go by SMS (phone clients); the rest are emails. */
  sms: number;
  /** Who could not be sent one (the first 100), named so the admin knows whom to check. */
  failures: BatchRecipient[];
  /** Once nothing is pending: who the batch was for (the first 200 by name), so the admin can see who got one. */
  recipients: BatchRecipient[];
};

export const BATCH_RECIPIENTS_SHOWN = 200;

/** A bulk send's progress and its recipients by name, only within the workspace. */
export async function loginEmailBatchProgress(db: DbOrTx, p: { workspaceId: string; batchId: string }): Promise<BatchProgress | null> {
  if (!isUuid(p.batchId)) return null;
  const inBatch = and(eq(messages.workspaceId, p.workspaceId), eq(messages.batchId, p.batchId));
  const counts = await db
    .select({ status: messages.status, channel: messages.channel, n: sql<number>`count(*)`.mapWith(Number) })
    .from(messages)
    .where(inBatch)
    .groupBy(messages.status, messages.channel);
  if (counts.length === 0) return null;
  const by = (s: string[]) => counts.filter((c) => s.includes(c.status)).reduce((a, c) => a + c.n, 0);
  const failed = by(["failed", "bounced", "complained"]);
  // The message names its portal user in meta; the name comes from the contact, in this workspace only.
  const named = (failedOnly: boolean, limit: number) =>
    db
      .select({
        name: sql<string | null>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
        to: messages.to,
        status: messages.status,
        error: messages.lastError,
      })
      .from(messages)
      // uuid = uuid, so each message finds its user by primary key (a text comparison would scan every user).
      .leftJoin(portalUsers, and(sql`${portalUsers.id} = (${messages.meta}->>'portalUserId')::uuid`, eq(portalUsers.workspaceId, messages.workspaceId)))
      .leftJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
      .where(and(inBatch, failedOnly ? sql`${messages.status} in ('failed','bounced','complained')` : undefined))
      .orderBy(sql`${contacts.sortName} asc nulls last`, asc(messages.to))
      .limit(limit);
  const pending = by(["queued", "sending"]);
  // Polled every second while sending: the full list is read once the batch has finished.
  const [failures, recipients] = await Promise.all([failed ? named(true, 100) : [], pending > 0 ? [] : named(false, BATCH_RECIPIENTS_SHOWN)]);
  return {
    total: by(["queued", "sending", "sent", "delivered", "failed", "bounced", "complained"]),
    pending,
    sent: by(["sent", "delivered"]),
    failed,
    sms: counts.filter((c) => c.channel === "sms").reduce((a, c) => a + c.n, 0),
    failures,
    recipients,
  };
}

/** A portal user as a message recipient: their contact's addresses and the channel their user type reaches them on. */
export type PortalRecipientRow = {
  portalUserId: string;
  status: PortalUserStatus;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  preference: "email" | "phone";
  method: "email_code" | "email_link" | "sms_code" | "link_and_code";
};

export const portalRecipientColumns = {
  portalUserId: portalUsers.id,
  status: portalUsers.status,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  preference: sql<"email" | "phone">`coalesce(${portalUserTypes.invitationPreference}, 'email')`,
  method: sql<PortalRecipientRow["method"]>`coalesce(${portalUserTypes.signInMethod}, 'email_link')`,
};

/** Portal users of one workspace matching `where`, as recipients. */
export function portalRecipients(db: DbOrTx, p: { workspaceId: string; where?: SQL; limit?: number }): Promise<PortalRecipientRow[]> {
  const q = db
    .select(portalRecipientColumns)
    .from(portalUsers)
    .innerJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, portalUsers.userTypeId), eq(portalUserTypes.workspaceId, portalUsers.workspaceId)))
    .where(and(eq(portalUsers.workspaceId, p.workspaceId), p.where));
  return p.limit ? q.limit(p.limit) : q;
}
