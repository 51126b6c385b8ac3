import "server-only";
// Portal sessions live in the database so idle and absolute expiry, sign out and an admin's Revoke access are
// enforced on the server, whatever the browser's cookie says.
import { and, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { portalSessions, portalUsers, workspaces, type SecuritySettings } from "@/lib/db/schema";
import { randomToken, sha256 } from "@/lib/crypto";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Setting = { key: keyof SecuritySettings; fallback: number; min: number; max: number };

/**
 * Idle and absolute lifetimes. Two factors (Client Centre): the workspace's idle minutes (5–60, default 15) and a
 * fixed 12 h absolute limit; one factor: the workspace's (default 60 min / 7 d). One table read two ways: by
 * sessionLifetimes here, and in SQL by createPortalSession (lifetimeSql), so both always agree.
 */
const LIFETIMES = {
  twoFactor: { idleMinutes: { key: "twoFactorIdleMinutes", fallback: 15, min: 5, max: 60 }, absoluteHours: 12 },
  oneFactor: {
    idleMinutes: { key: "sessionIdleMinutes", fallback: 60, min: 5, max: 24 * 60 },
    absoluteHours: { key: "sessionAbsoluteHours", fallback: 7 * 24, min: 1, max: 90 * 24 },
  },
} satisfies Record<string, { idleMinutes: Setting; absoluteHours: Setting | number }>;

export function sessionLifetimes(settings: SecuritySettings | null | undefined, twoFactor: boolean) {
  const rule = twoFactor ? LIFETIMES.twoFactor : LIFETIMES.oneFactor;
  const hours = typeof rule.absoluteHours === "number" ? rule.absoluteHours : clampInt(settings?.[rule.absoluteHours.key], rule.absoluteHours);
  return { idleMs: clampInt(settings?.[rule.idleMinutes.key], rule.idleMinutes) * MINUTE, absoluteMs: hours * HOUR };
}

function clampInt(v: unknown, r: Setting): number {
  const n = typeof v === "number" && Number.isFinite(v) ? Math.floor(v) : r.fallback;
  return Math.min(r.max, Math.max(r.min, n));
}

/** clampInt over a jsonb settings value in SQL (JSON numbers are always finite). */
function clampSql(settings: SQL, r: Setting): SQL {
  const [key, min, max, fallback] = [`'${r.key}'`, r.min, r.max, r.fallback].map((x) => sql.raw(String(x))); // constants, not input
  return sql`(case when jsonb_typeof(${settings} -> ${key}) = 'number'
    then least(${max}, greatest(${min}, floor((${settings} ->> ${key})::numeric)))::int else ${fallback} end)`;
}

/** sessionLifetimes as SQL intervals, over a security_settings column. */
function lifetimeSql(settings: SQL, twoFactor: boolean): { idle: SQL; absolute: SQL } {
  const rule = twoFactor ? LIFETIMES.twoFactor : LIFETIMES.oneFactor;
  const hours = typeof rule.absoluteHours === "number" ? sql.raw(String(rule.absoluteHours)) : clampSql(settings, rule.absoluteHours);
  return { idle: sql`make_interval(mins => ${clampSql(settings, rule.idleMinutes)})`, absolute: sql`make_interval(hours => ${hours})` };
}

function normaliseHost(host: string): string {
  return host.trim().toLowerCase();
}

export type SessionStart = { workspaceId: string; host: string; twoFactor: boolean; now: Date; token: string; capAbsoluteAt?: Date };

/**
 * The CTEs that start a session for `portalUserId` (an SQL expression), for createPortalSession and for the code
 * sign-in's one statement (verifyChallenge with `session`).
 * `joined_user` turns the portal user from invited to joined (joined_at set only if empty, a revoked user is never
 * revived) and stamps last_seen_at; `new_session` inserts the session only if that update found the user, with the
 * lifetimes computed from the workspace's settings (lifetimeSql), and returns its `idle` and `absolute` expiries.
 */
export function startSessionCtes(p: SessionStart, portalUserId: SQL): SQL {
  const now = p.now.toISOString();
  const life = lifetimeSql(sql`w.security_settings`, p.twoFactor);
  // A re-authentication renews the idle clock, never the absolute one (capAbsoluteAt: the session it replaces;
  // least() ignores a null).
  const cap = p.capAbsoluteAt?.toISOString() ?? null;
  return sql`
    joined_user as (
      update portal_users set
        status = case when status = 'invited' then 'joined'::portal_user_status else status end,
        joined_at = coalesce(joined_at, ${now}::timestamptz),
        last_seen_at = ${now}::timestamptz
      where id = ${portalUserId} and workspace_id = ${p.workspaceId}::uuid and status <> 'revoked'
      returning id),
    session_times as (
      select u.id, least(${now}::timestamptz + ${life.absolute}, ${cap}::timestamptz) as absolute, ${now}::timestamptz + ${life.idle} as idle
      from joined_user u join workspaces w on w.id = ${p.workspaceId}::uuid),
    new_session as (
      insert into portal_sessions (token_hash, workspace_id, portal_user_id, host, two_factor, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
      select ${sha256(p.token)}, ${p.workspaceId}::uuid, t.id, ${normaliseHost(p.host)}, ${p.twoFactor}::boolean, ${now}::timestamptz, ${now}::timestamptz,
        least(t.idle, t.absolute), t.absolute
      from session_times t
      returning idle_expires_at as idle, absolute_expires_at as absolute)`;
}

/** Why startSessionCtes made no session: the user's access was revoked, or there is no such user here. */
export async function whyNoSession(db: DbOrTx, p: { workspaceId: string; portalUserId: string }): Promise<AppError> {
  const [exists] = await db
    .select({ id: portalUsers.id })
    .from(portalUsers)
    .where(and(eq(portalUsers.id, p.portalUserId), eq(portalUsers.workspaceId, p.workspaceId)));
  return new AppError(exists ? "ACCESS_REVOKED" : "NOT_FOUND");
}

/**
 * Starts a session after a successful sign-in, alone or in the caller's transaction, in one statement
 * (startSessionCtes); a revoked or missing user gets ACCESS_REVOKED / NOT_FOUND and no session. `expiresAt` is the
 * absolute expiry (the cookie's lifetime); idle expiry is enforced on the server.
 */
export async function createPortalSession(
  db: DbOrTx,
  p: { workspaceId: string; portalUserId: string; host: string; twoFactor: boolean; now?: Date; capAbsoluteAt?: Date },
): Promise<{ token: string; expiresAt: Date; idleExpiresAt: Date }> {
  const token = randomToken();
  const start = { ...p, now: p.now ?? clockNow(), token };
  const [started] = rowsOf<{ idle: Date | string; absolute: Date | string }>(
    await db.execute(sql`with ${startSessionCtes(start, sql`${p.portalUserId}::uuid`)} select idle, absolute from new_session`),
  );
  if (!started) throw await whyNoSession(db, p);
  return { token, expiresAt: new Date(started.absolute), idleExpiresAt: new Date(started.idle) };
}

export type PortalSession = {
  session: {
    id: string;
    workspaceId: string;
    portalUserId: string;
    host: string;
    twoFactor: boolean;
    idleExpiresAt: Date;
    absoluteExpiresAt: Date;
  };
  user: { id: string; contactId: string; userTypeId: string | null; status: "invited" | "joined" | "revoked"; joinedAt: Date | null };
};

/**
 * The live session for a cookie on this workspace and host, or null (unknown, revoked, idle- or absolute-expired,
 * another workspace or host, or the user's access revoked). `touch: true` is user activity and slides the idle
 * expiry (never past the absolute one); background polling passes false so it cannot keep a session alive.
 */
export async function readPortalSession(
  db: DbOrTx,
  p: { token: string; workspaceId: string; host: string; touch: boolean; now?: Date },
): Promise<PortalSession | null> {
  const now = p.now ?? clockNow();
  if (!p.token || p.token.length > 200) return null;
  const [row] = await db
    .select({
      id: portalSessions.id,
      workspaceId: portalSessions.workspaceId,
      portalUserId: portalSessions.portalUserId,
      host: portalSessions.host,
      twoFactor: portalSessions.twoFactor,
      idleExpiresAt: portalSessions.idleExpiresAt,
      absoluteExpiresAt: portalSessions.absoluteExpiresAt,
      contactId: portalUsers.contactId,
      userTypeId: portalUsers.userTypeId,
      status: portalUsers.status,
      joinedAt: portalUsers.joinedAt,
      settings: workspaces.securitySettings,
    })
    .from(portalSessions)
    .innerJoin(portalUsers, and(eq(portalUsers.id, portalSessions.portalUserId), eq(portalUsers.workspaceId, portalSessions.workspaceId)))
    .innerJoin(workspaces, eq(workspaces.id, portalSessions.workspaceId))
    .where(
      and(
        eq(portalSessions.tokenHash, sha256(p.token)),
        eq(portalSessions.workspaceId, p.workspaceId),
        eq(portalSessions.host, normaliseHost(p.host)),
        isNull(portalSessions.revokedAt),
        gt(portalSessions.idleExpiresAt, now),
        gt(portalSessions.absoluteExpiresAt, now),
        ne(portalUsers.status, "revoked"),
      ),
    )
    .limit(1);
  if (!row) return null;

  let idleExpiresAt = row.idleExpiresAt;
  if (p.touch) {
    const { idleMs } = sessionLifetimes(row.settings, row.twoFactor);
    const next = new Date(Math.min(now.getTime() + idleMs, row.absoluteExpiresAt.getTime()));
    // Conditional, so a session revoked or expired a moment ago is not revived by a request already in flight.
    const [updated] = await db
      .update(portalSessions)
      .set({ idleExpiresAt: next, lastSeenAt: now })
      .where(
        and(
          eq(portalSessions.id, row.id),
          eq(portalSessions.workspaceId, p.workspaceId),
          isNull(portalSessions.revokedAt),
          gt(portalSessions.idleExpiresAt, now),
        ),
      )
      .returning({ idleExpiresAt: portalSessions.idleExpiresAt });
    if (!updated) return null;
    idleExpiresAt = updated.idleExpiresAt;
    await db
      .update(portalUsers)
      .set({ lastSeenAt: now })
      .where(and(eq(portalUsers.id, row.portalUserId), eq(portalUsers.workspaceId, p.workspaceId)));
  }

  return {
    session: {
      id: row.id,
      workspaceId: row.workspaceId,
      portalUserId: row.portalUserId,
      host: row.host,
      twoFactor: row.twoFactor,
      idleExpiresAt,
      absoluteExpiresAt: row.absoluteExpiresAt,
    },
    user: { id: row.portalUserId, contactId: row.contactId, userTypeId: row.userTypeId, status: row.status, joinedAt: row.joinedAt },
  };
}

/** Sign out: ends the session the cookie names. Returns whether a live session was ended. */
export async function revokePortalSession(db: DbOrTx, p: { token: string; workspaceId: string; now?: Date }): Promise<boolean> {
  if (!p.token || p.token.length > 200) return false;
  const rows = await db
    .update(portalSessions)
    .set({ revokedAt: p.now ?? clockNow() })
    .where(and(eq(portalSessions.tokenHash, sha256(p.token)), eq(portalSessions.workspaceId, p.workspaceId), isNull(portalSessions.revokedAt)))
    .returning({ id: portalSessions.id });
  return rows.length > 0;
}

/** Ends every session of a portal user at once (an admin's Revoke access); returns how many were live. */
export async function revokeUserSessions(
  tx: DbOrTx,
  p: { workspaceId: string; portalUserId: string; now?: Date },
): Promise<number> {
  const rows = await tx
    .update(portalSessions)
    .set({ revokedAt: p.now ?? clockNow() })
    .where(
      and(
        eq(portalSessions.workspaceId, p.workspaceId),
        eq(portalSessions.portalUserId, p.portalUserId),
        isNull(portalSessions.revokedAt),
      ),
    )
    .returning({ id: portalSessions.id });
  return rows.length;
}

/**
 * Whether a session cookie belongs to a client whose access was revoked (on this workspace and host), whatever the
 * session's own state: revoking ends every session, and the client coming back should be told why, not just sent
 * to the sign-in form. Only the holder of that client's session token can learn this, so it reveals nothing.
 */
export async function sessionAccessEnded(db: DbOrTx, p: { token: string; workspaceId: string; host: string }): Promise<boolean> {
  if (!p.token || p.token.length > 200) return false;
  const [row] = await db
    .select({ id: portalSessions.id })
    .from(portalSessions)
    .innerJoin(portalUsers, and(eq(portalUsers.id, portalSessions.portalUserId), eq(portalUsers.workspaceId, portalSessions.workspaceId)))
    .where(
      and(
        eq(portalSessions.tokenHash, sha256(p.token)),
        eq(portalSessions.workspaceId, p.workspaceId),
        eq(portalSessions.host, normaliseHost(p.host)),
        eq(portalUsers.status, "revoked"),
      ),
    )
    .limit(1);
  return !!row;
}

export type SessionPeek = {
  id: string;
  portalUserId: string;
  twoFactor: boolean;
  /** live: usable now; idle: its idle expiry passed but not its absolute one (two factors: a fresh code revives the client). */
  state: "live" | "idle";
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

/**
 * The session a cookie names on this workspace and host, without touching it, when it is not revoked, within its
 * absolute limit and its user's access stands; idle-expired ones included (state "idle"), for the two-factor step's
 * re-authentication. Never a way in by itself: callers only use it to ask for a fresh code.
 */
export async function peekPortalSession(
  db: DbOrTx,
  p: { token: string; workspaceId: string; host: string; now?: Date },
): Promise<SessionPeek | null> {
  const now = p.now ?? clockNow();
  if (!p.token || p.token.length > 200) return null;
  const [row] = await db
    .select({
      id: portalSessions.id,
      portalUserId: portalSessions.portalUserId,
      twoFactor: portalSessions.twoFactor,
      idleExpiresAt: portalSessions.idleExpiresAt,
      absoluteExpiresAt: portalSessions.absoluteExpiresAt,
    })
    .from(portalSessions)
    .innerJoin(portalUsers, and(eq(portalUsers.id, portalSessions.portalUserId), eq(portalUsers.workspaceId, portalSessions.workspaceId)))
    .where(
      and(
        eq(portalSessions.tokenHash, sha256(p.token)),
        eq(portalSessions.workspaceId, p.workspaceId),
        eq(portalSessions.host, normaliseHost(p.host)),
        isNull(portalSessions.revokedAt),
        gt(portalSessions.absoluteExpiresAt, now),
        ne(portalUsers.status, "revoked"),
      ),
    )
    .limit(1);
  if (!row) return null;
  return { ...row, state: row.idleExpiresAt.getTime() > now.getTime() ? "live" : "idle" };
}
