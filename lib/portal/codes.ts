import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { hmac, safeEqual } from "@/lib/crypto";
import type { DbOrTx, Tx } from "@/lib/db";
import { otpChallenges, portalUsers } from "@/lib/db/schema";
import { AppError, type AppErrorCode } from "@/lib/errors";

export type CodePurpose = "sign_in" | "second_factor";
export type CodeChannel = "email" | "sms";

/** DESIGN §5: 5 wrong tries kill a code; 10 failures in an hour lock code sign-in for 15 minutes. */
export const MAX_ATTEMPTS = 5;
export const LOCK_FAILURES = 10;
export const LOCK_WINDOW_MS = 60 * 60_000;
export const LOCK_MS = 15 * 60_000;
export const EMAIL_TTL_MS = 10 * 60_000;
export const SMS_TTL_MS = 5 * 60_000;
/** Wait after the 1st, 2nd and 3rd-or-later send within the last hour. */
export const COOLDOWNS_MS = [60_000, 2 * 60_000, 5 * 60_000] as const;
export const MAX_SENDS_PER_HOUR = 5;
export const MAX_SENDS_PER_DAY = 10;

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

/** An AppError that also says how long to wait, so the UI and a Retry-After header can show it. */
export class CodeLimitError extends AppError {
  constructor(
    code: Extract<AppErrorCode, "CODE_COOLDOWN" | "CODE_SEND_LIMIT" | "CODE_LOCKED">,
    readonly retryAfterSeconds: number,
    message?: string,
  ) {
    super(code, undefined, message);
  }
}

/** The stored form of a code: keyed HMAC over the challenge id (fixed-length uuid) and the code, never the code. */
export function hashCode(challengeId: string, code: string): string {
  return hmac("otp-code", `${challengeId}${code}`);
}

/** Six digits, uniformly drawn and zero-padded. */
function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Issues a code, enforcing the per-recipient cooldown and caps; locks the portal user row so parallel requests
 * for one user take turns and cannot both pass the cooldown. Run it in the transaction that queues the message.
 */
export async function issueCode(
  tx: Tx,
  p: { workspaceId: string; portalUserId: string; purpose: CodePurpose; channels: CodeChannel[]; now?: Date },
): Promise<{ challengeId: string; code: string; expiresAt: Date }> {
  const now = p.now ?? new Date();
  if (p.channels.length === 0) throw new AppError("INTERNAL", undefined, "A code needs at least one channel.");

  const [user] = await tx
    .select({ id: portalUsers.id })
    .from(portalUsers)
    .where(and(eq(portalUsers.workspaceId, p.workspaceId), eq(portalUsers.id, p.portalUserId)))
    .for("update");
  if (!user) throw new AppError("NOT_FOUND");

  // Every challenge row is one send; the user row lock above makes this count and the insert below one step.
  const sends = await tx
    .select({ createdAt: otpChallenges.createdAt })
    .from(otpChallenges)
    .where(
      and(
        eq(otpChallenges.workspaceId, p.workspaceId),
        eq(otpChallenges.portalUserId, p.portalUserId),
        gt(otpChallenges.createdAt, new Date(now.getTime() - DAY_MS)),
      ),
    )
    .orderBy(desc(otpChallenges.createdAt));
  assertSendAllowed(sends.map((s) => s.createdAt), now);

  // A new code replaces the previous ones for this purpose. Killed by expiry, not consumed_at, so consumed_at
  // keeps meaning "used to sign in" (the lockout counts failures from that).
  await tx
    .update(otpChallenges)
    .set({ expiresAt: sql`least(${otpChallenges.expiresAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(otpChallenges.workspaceId, p.workspaceId),
        eq(otpChallenges.portalUserId, p.portalUserId),
        eq(otpChallenges.purpose, p.purpose),
        isNull(otpChallenges.consumedAt),
        gt(otpChallenges.expiresAt, now),
      ),
    );

  const challengeId = randomUUID();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + (p.channels.includes("sms") ? SMS_TTL_MS : EMAIL_TTL_MS));
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

/** Pure: the caps and the growing cooldown, from the send times of the last day (newest first). */
export function assertSendAllowed(sendTimes: Date[], now: Date): void {
  const t = now.getTime();
  const day = sendTimes.filter((d) => d.getTime() > t - DAY_MS).sort((a, b) => b.getTime() - a.getTime());
  const hour = day.filter((d) => d.getTime() > t - HOUR_MS);
  if (day.length >= MAX_SENDS_PER_DAY) {
    const oldest = day[MAX_SENDS_PER_DAY - 1].getTime();
    throw new CodeLimitError("CODE_SEND_LIMIT", seconds(oldest + DAY_MS - t));
  }
  if (hour.length >= MAX_SENDS_PER_HOUR) {
    const oldest = hour[MAX_SENDS_PER_HOUR - 1].getTime();
    throw new CodeLimitError("CODE_SEND_LIMIT", seconds(oldest + HOUR_MS - t));
  }
  if (hour.length > 0) {
    const wait = COOLDOWNS_MS[Math.min(hour.length, COOLDOWNS_MS.length) - 1];
    const left = hour[0].getTime() + wait - t;
    if (left > 0) {
      const s = seconds(left);
      throw new CodeLimitError("CODE_COOLDOWN", s, `A code was sent a moment ago. Wait ${s} seconds before asking for another.`);
    }
  }
}

type ChallengeRow = { id: string; createdAt: Date; expiresAt: Date; attempts: number; consumedAt: Date | null };

/**
 * Pure: when code sign-in is locked until, and on which challenge the lock started. Failures are the wrong tries
 * on challenges created within the last hour (a successful use counts one attempt that is not a failure); the
 * running count restarts after each lock. The challenge holding the 10th failure is expired at that moment, so its
 * expires_at is the time of the 10th failure (if that write was lost, it is a later bound: the lock lasts longer).
 */
export function lockState(rows: ChallengeRow[], now: Date): { lockedUntil: Date | null; lockedBy: string | null } {
  const t = now.getTime();
  const recent = rows
    .filter((r) => r.createdAt.getTime() > t - LOCK_WINDOW_MS)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  let failures = 0;
  let lockedUntil: Date | null = null;
  let lockedBy: string | null = null;
  for (const r of recent) {
    failures += r.attempts - (r.consumedAt ? 1 : 0);
    if (failures >= LOCK_FAILURES) {
      lockedUntil = new Date(Math.min(r.expiresAt.getTime(), t) + LOCK_MS);
      lockedBy = r.id;
      failures = 0;
    }
  }
  if (lockedUntil && lockedUntil.getTime() <= t) return { lockedUntil: null, lockedBy: null };
  return { lockedUntil, lockedBy };
}

async function loadLockRows(db: DbOrTx, workspaceId: string, portalUserId: string, now: Date): Promise<ChallengeRow[]> {
  return db
    .select({
      id: otpChallenges.id,
      createdAt: otpChallenges.createdAt,
      expiresAt: otpChallenges.expiresAt,
      attempts: otpChallenges.attempts,
      consumedAt: otpChallenges.consumedAt,
    })
    .from(otpChallenges)
    .where(
      and(
        eq(otpChallenges.workspaceId, workspaceId),
        eq(otpChallenges.portalUserId, portalUserId),
        gt(otpChallenges.createdAt, new Date(now.getTime() - LOCK_WINDOW_MS)),
      ),
    );
}

/** When code sign-in for the user is locked until (null if it is not), so a sign-in page can say so before sending. */
export async function codeLockedUntil(
  db: DbOrTx,
  p: { workspaceId: string; portalUserId: string; now?: Date },
): Promise<Date | null> {
  const now = p.now ?? new Date();
  return lockState(await loadLockRows(db, p.workspaceId, p.portalUserId, now), now).lockedUntil;
}

function lockedError(until: Date, now: Date): CodeLimitError {
  return new CodeLimitError("CODE_LOCKED", seconds(until.getTime() - now.getTime()));
}

/**
 * Checks a code against the user's latest challenge for the purpose and consumes it; each step is one conditional
 * statement, so parallel guesses cannot exceed the attempt limit and a code signs in once.
 */
export async function verifyCode(
  db: DbOrTx,
  p: { workspaceId: string; portalUserId: string; purpose: CodePurpose; code: string; now?: Date },
): Promise<{ challengeId: string }> {
  const now = p.now ?? new Date();

  // The lock is checked before anything is compared: while locked even the right code is refused.
  const before = lockState(await loadLockRows(db, p.workspaceId, p.portalUserId, now), now);
  if (before.lockedUntil) throw lockedError(before.lockedUntil, now);

  const [latest] = await db
    .select({ id: otpChallenges.id })
    .from(otpChallenges)
    .where(
      and(
        eq(otpChallenges.workspaceId, p.workspaceId),
        eq(otpChallenges.portalUserId, p.portalUserId),
        eq(otpChallenges.purpose, p.purpose),
      ),
    )
    .orderBy(desc(otpChallenges.createdAt), desc(otpChallenges.id))
    .limit(1);
  if (!latest) throw new AppError("CODE_EXPIRED_OR_EXHAUSTED");

  // Counts the attempt only while the challenge is live and under the limit, in one statement.
  const [challenge] = await db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(
      and(
        eq(otpChallenges.id, latest.id),
        eq(otpChallenges.workspaceId, p.workspaceId),
        isNull(otpChallenges.consumedAt),
        gt(otpChallenges.expiresAt, now),
        lt(otpChallenges.attempts, MAX_ATTEMPTS),
      ),
    )
    .returning({ id: otpChallenges.id, codeHash: otpChallenges.codeHash });
  if (!challenge) throw new AppError("CODE_EXPIRED_OR_EXHAUSTED");

  // Malformed input is still hashed and compared (it cannot match), so it costs an attempt and the same time.
  const matches = safeEqual(hashCode(challenge.id, p.code), challenge.codeHash) && /^\d{6}$/.test(p.code);
  if (!matches) {
    const after = lockState(await loadLockRows(db, p.workspaceId, p.portalUserId, now), now);
    if (after.lockedUntil) {
      if (after.lockedBy === challenge.id) {
        // The 10th failure: expire this challenge now, which also records when the lock started.
        await db
          .update(otpChallenges)
          .set({ expiresAt: sql`least(${otpChallenges.expiresAt}, ${now.toISOString()}::timestamptz)` })
          .where(and(eq(otpChallenges.id, challenge.id), eq(otpChallenges.workspaceId, p.workspaceId)));
      }
      throw lockedError(new Date(Math.min(after.lockedUntil.getTime(), now.getTime() + LOCK_MS)), now);
    }
    throw new AppError("CODE_WRONG");
  }

  const [used] = await db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(
      and(
        eq(otpChallenges.id, challenge.id),
        eq(otpChallenges.workspaceId, p.workspaceId),
        isNull(otpChallenges.consumedAt),
        gt(otpChallenges.expiresAt, now),
      ),
    )
    .returning({ id: otpChallenges.id });
  // A parallel request with the same code won the race.
  if (!used) throw new AppError("CODE_EXPIRED_OR_EXHAUSTED");
  return { challengeId: used.id };
}
