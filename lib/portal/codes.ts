import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { hmac, randomToken } from "@/lib/crypto";
import type { DbOrTx, Tx } from "@/lib/db";
import { otpChallenges, portalUsers } from "@/lib/db/schema";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { rowsOf } from "@/lib/db/rows";
import { limitUpsertSql, limitVerdict, type Limit } from "@/lib/rate-limit";
import { startSessionCtes, whyNoSession } from "./sessions";

export type CodePurpose = "sign_in" | "second_factor";
export type CodeChannel = "email" | "sms";

/**
 * DESIGN §5: 5 wrong tries kill a code. Each code is bound to the browser that asked for it (its pending cookie names
 * the challenge), so only that browser can spend its tries. Brute force is bounded by how many codes can be issued
 * and left unused: 2 an hour and 10 a day per portal user, so at most 10 guesses an hour and 50 a day whoever asks
 * (beyond that the sign-in email carries a one-time link instead, which cannot be guessed). There is no lock on the
 * account: it would let anyone who knows the address lock its owner out.
 */
export const MAX_ATTEMPTS = 5;
export const UNUSED_CODES_PER_HOUR = 2;
export const UNUSED_CODES_PER_DAY = 10;
export const EMAIL_TTL_MS = 10 * 60_000;
export const SMS_TTL_MS = 5 * 60_000;

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The stored form of a code: keyed HMAC over the challenge id (fixed-length uuid) and the code, never the code. */
export function hashCode(challengeId: string, code: string): string {
  return hmac("otp-code", `${challengeId}${code}`);
}

/** Six digits, uniformly drawn and zero-padded. */
function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

/**
 * Issues a code, unless the user already has too many unused ones (CODE_SEND_LIMIT: the caller sends a link instead).
 * Locks the portal user row, so parallel requests take turns and cannot both pass the count. Run it in the
 * transaction that queues the message. Older codes stay live: each belongs to the browser that asked for it, and a
 * request from someone else's browser must not kill the client's own code.
 */
export async function issueCode(
  tx: Tx,
  p: { workspaceId: string; portalUserId: string; purpose: CodePurpose; channels: CodeChannel[]; now?: Date },
): Promise<{ challengeId: string; code: string; expiresAt: Date }> {
  const now = p.now ?? clockNow();
  if (p.channels.length === 0) throw new AppError("INTERNAL", undefined, "A code needs at least one channel.");

  const [user] = await tx
    .select({ id: portalUsers.id })
    .from(portalUsers)
    .where(and(eq(portalUsers.workspaceId, p.workspaceId), eq(portalUsers.id, p.portalUserId)))
    .for("update");
  if (!user) throw new AppError("NOT_FOUND");

  const unused = await tx
    .select({ createdAt: otpChallenges.createdAt })
    .from(otpChallenges)
    .where(
      and(
        eq(otpChallenges.workspaceId, p.workspaceId),
        eq(otpChallenges.portalUserId, p.portalUserId),
        isNull(otpChallenges.consumedAt),
        gt(otpChallenges.createdAt, new Date(now.getTime() - DAY_MS)),
      ),
    );
  const inHour = unused.filter((r) => r.createdAt.getTime() > now.getTime() - HOUR_MS).length;
  if (inHour >= UNUSED_CODES_PER_HOUR || unused.length >= UNUSED_CODES_PER_DAY) throw new AppError("CODE_SEND_LIMIT");

  const challengeId = randomUUID();
  const code = newCode();
  // A code that also went by email lives as long as the email says (10 minutes); the SMS text's "5 minutes" then
  // only understates it. A code sent by SMS alone lives 5 minutes (DESIGN §5).
  const expiresAt = new Date(now.getTime() + (p.channels.includes("email") ? EMAIL_TTL_MS : SMS_TTL_MS));
  await tx.insert(otpChallenges).values({
    id: challengeId,
    workspaceId: p.workspaceId,
    portalUserId: p.portalUserId,
    purpose: p.purpose,
    channels: [...new Set(p.channels)],
    codeHash: hashCode(challengeId, code),
    expiresAt,
    createdAt: now,
  });
  return { challengeId, code, expiresAt };
}

/** Stands in for a challenge id that is not a uuid: never issued (ours are v4), so the statement runs and matches nothing. */
const NO_CHALLENGE = "00000000-0000-0000-0000-000000000000";

/** What the verification statement returns (null columns: no challenge was counted), with the IP limit's row and the new session's expiries when asked for. */
type CodeAttempt = {
  id: string | null;
  portal_user_id: string | null;
  used: boolean | null;
  points?: number;
  expire?: Date | string | null;
  idle?: Date | string | null;
  absolute?: Date | string | null;
};

/**
 * The one UPDATE that checks a code: it counts the attempt only while the challenge is unused, unexpired, of this
 * workspace and purpose, under 5 tries and `guard` holds (parallel guesses cannot exceed 5), and in the same row
 * change consumes it when the code's HMAC matches (a code signs in once). The HMAC is computed here and compared in
 * SQL: see docs/ARCHITECTURE.md, "Code verification". A challenge id that is not a uuid becomes one that names nothing,
 * so the statement still runs. A guess that arrives while another holds the challenge's row is not checked and not
 * counted (SKIP LOCKED) and answers as a wrong code at once: waiting would make a burst of guesses at a live
 * challenge slower than at one that names nothing, which would tell an address with an account from one without.
 * Returns `id, portal_user_id, used`.
 */
function codeAttemptSql(p: { workspaceId: string; challengeId: string; purpose: CodePurpose; code: string; now: Date }, guard: SQL): SQL {
  const now = p.now.toISOString();
  const id = UUID.test(p.challengeId) ? p.challengeId : NO_CHALLENGE;
  // Malformed input is still hashed (the same work) but can never match, so it costs an attempt like a wrong code.
  const digest = hashCode(id, p.code);
  const candidate = /^\d{6}$/.test(p.code) ? digest : null;
  return sql`
    update otp_challenges set
      attempts = attempts + 1,
      consumed_at = case when code_hash = ${candidate}::text then ${now}::timestamptz end
    where id = (
      select id from otp_challenges
      where id = ${id}::uuid and workspace_id = ${p.workspaceId}::uuid and purpose = ${p.purpose}
        and consumed_at is null and expires_at > ${now}::timestamptz and attempts < ${MAX_ATTEMPTS} and ${guard}
      for update skip locked)
    returning id, portal_user_id, consumed_at is not null as used`;
}

/** The answer to a code attempt: RATE_LIMITED past `limit`, CODE_EXPIRED_OR_EXHAUSTED when nothing was counted, CODE_WRONG. */
function readCodeAttempt(row: CodeAttempt | undefined, limit?: { limit: Limit; at: Date }): { challengeId: string; portalUserId: string } {
  if (limit && row && !limitVerdict(limit.limit, { points: Number(row.points), expire: row.expire ?? null }, limit.at).ok) throw new AppError("RATE_LIMITED");
  if (!row?.id || !row.portal_user_id) throw new AppError("CODE_EXPIRED_OR_EXHAUSTED");
  if (!row.used) throw new AppError("CODE_WRONG");
  return { challengeId: row.id, portalUserId: row.portal_user_id };
}

/**
 * Checks a code against the one challenge the browser's pending sign-in names, and consumes it (codeAttemptSql).
 * With `limit` (one kept in Postgres, `inPostgres`), the same statement first counts the request against that per-IP
 * limit (consumeLimit's row) and leaves the challenge untouched past it (RATE_LIMITED). With `session`, the same statement also starts the portal
 * session when the code matched (startSessionCtes: a revoked user gets none, ACCESS_REVOKED), so a right code is one
 * round trip. A challenge id that names nothing (an unknown address, a link sign-in, not a uuid) runs the same
 * statement and is CODE_EXPIRED_OR_EXHAUSTED like a dead code.
 */
export async function verifyChallenge(
  db: DbOrTx,
  p: {
    workspaceId: string;
    challengeId: string;
    purpose: CodePurpose;
    code: string;
    now?: Date;
    limit?: { limit: Limit; key: string };
    session?: { host: string };
  },
): Promise<{ challengeId: string; portalUserId: string; session?: { token: string; expiresAt: Date; idleExpiresAt: Date } }> {
  const check = { ...p, now: p.now ?? clockNow() };
  // The limiter's clock is the real one, as consumeLimit's (the challenge's `now` may be a test's).
  const at = new Date();
  const steps: SQL[] = [];
  const columns = [sql`hit.id, hit.portal_user_id, hit.used`];
  if (p.limit) {
    steps.push(sql`ip as (${limitUpsertSql(p.limit.limit, p.limit.key, at)})`);
    columns.push(sql`ip.points, ip.expire`);
  }
  steps.push(sql`hit as (${codeAttemptSql(check, p.limit ? sql`(select points from ip) <= ${p.limit.limit.points}` : sql`true`)})`);
  const token = p.session ? randomToken() : null;
  if (p.session && token) {
    const start = { workspaceId: p.workspaceId, host: p.session.host, twoFactor: false, now: check.now, token };
    steps.push(startSessionCtes(start, sql`(select portal_user_id from hit where used)`));
    columns.push(sql`(select idle from new_session) as idle, (select absolute from new_session) as absolute`);
  }
  const from = p.limit ? sql`ip left join hit on true` : sql`hit`;
  const [row] = rowsOf<CodeAttempt>(await db.execute(sql`with ${sql.join(steps, sql`, `)} select ${sql.join(columns, sql`, `)} from ${from}`));
  const verified = readCodeAttempt(row, p.limit && { limit: p.limit.limit, at });
  if (!token) return verified;
  // The code matched, but no session started: the user's access was revoked (or the user is gone) meanwhile.
  if (!row?.idle || !row.absolute) throw await whyNoSession(db, { workspaceId: p.workspaceId, portalUserId: verified.portalUserId });
  return { ...verified, session: { token, expiresAt: new Date(row.absolute), idleExpiresAt: new Date(row.idle) } };
}
