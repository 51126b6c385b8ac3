import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { hmac, safeEqual } from "@/lib/crypto";
import type { DbOrTx, Tx } from "@/lib/db";
import { otpChallenges, portalUsers } from "@/lib/db/schema";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";

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

/**
 * Checks a code against the one challenge the browser's pending sign-in names, and consumes it. Counting the attempt
 * is one conditional UPDATE (parallel guesses cannot exceed 5) and so is consuming (a code signs in once). A
 * challenge id that names nothing (an unknown address, a link sign-in) is CODE_EXPIRED_OR_EXHAUSTED like a dead code.
 */
export async function verifyChallenge(
  db: DbOrTx,
  p: { workspaceId: string; challengeId: string; purpose: CodePurpose; code: string; now?: Date },
): Promise<{ challengeId: string; portalUserId: string }> {
  const now = p.now ?? clockNow();
  if (!UUID.test(p.challengeId)) throw new AppError("CODE_EXPIRED_OR_EXHAUSTED");

  const [challenge] = await db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(
      and(
        eq(otpChallenges.id, p.challengeId),
        eq(otpChallenges.workspaceId, p.workspaceId),
        eq(otpChallenges.purpose, p.purpose),
        isNull(otpChallenges.consumedAt),
        gt(otpChallenges.expiresAt, now),
        lt(otpChallenges.attempts, MAX_ATTEMPTS),
      ),
    )
    .returning({ id: otpChallenges.id, codeHash: otpChallenges.codeHash, portalUserId: otpChallenges.portalUserId });
  if (!challenge) throw new AppError("CODE_EXPIRED_OR_EXHAUSTED");

  // Malformed input is still hashed and compared (it cannot match), so it costs an attempt and the same time.
  const matches = safeEqual(hashCode(challenge.id, p.code), challenge.codeHash) && /^\d{6}$/.test(p.code);
  if (!matches) throw new AppError("CODE_WRONG");

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
  return { challengeId: used.id, portalUserId: challenge.portalUserId };
}
