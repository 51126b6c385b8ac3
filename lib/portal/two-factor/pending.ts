import "server-only";
// Pending two-factor sign-ins (DESIGN §11): a row per "this browser is between the first factor and the code",
// bound to the browser by the hash of a secret only its cookie holds. Short-lived, single-use, and the only thing
// that names the code challenge: the client never sends an address, a challenge or a user.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/lib/db";
import { otpChallenges, pendingSignIns } from "@/lib/db/schema";
import { safeEqual, sha256 } from "@/lib/crypto";
import { now as clockNow } from "@/lib/clock";
import { SEND_COOLDOWNS_SEC } from "@/lib/rate-limit";
import { newBrowserSecret, PENDING_MINUTES, type BrowserHold } from "./cookie";

export type PendingPurpose = "link" | "step_up" | "reauth";
export type PendingRow = typeof pendingSignIns.$inferSelect;

/** At most this many codes per pending sign-in (with the cooldowns, 15 minutes hold about five anyway). */
export const MAX_SENDS = 6;

export async function createPending(
  tx: Tx,
  p: { workspaceId: string; portalUserId: string; purpose: PendingPurpose; host: string; linkId?: string; sessionId?: string; next: string; now?: Date; expiresAt?: Date },
): Promise<BrowserHold & { expiresAt: Date }> {
  const now = p.now ?? clockNow();
  const secret = newBrowserSecret();
  const fifteen = new Date(now.getTime() + PENDING_MINUTES * 60_000);
  const expiresAt = p.expiresAt && p.expiresAt < fifteen ? p.expiresAt : fifteen;
  const [row] = await tx
    .insert(pendingSignIns)
    .values({
      workspaceId: p.workspaceId,
      portalUserId: p.portalUserId,
      purpose: p.purpose,
      browserHash: sha256(secret),
      host: p.host.trim().toLowerCase(),
      linkId: p.linkId ?? null,
      sessionId: p.sessionId ?? null,
      next: p.next,
      expiresAt,
      createdAt: now,
    })
    .returning({ id: pendingSignIns.id });
  return { pendingId: row.id, secret, expiresAt };
}

/**
 * The live pending sign-in this browser holds on this workspace and host, or null: unknown, used, expired, another
 * workspace's or host's, or a cookie whose secret does not match (compared in constant time). `lock` takes the row
 * for the rest of the caller's transaction (sends take turns, so the cooldown cannot be raced).
 */
export async function loadPending(
  db: DbOrTx,
  p: { workspaceId: string; host: string; hold: BrowserHold | null; now?: Date; lock?: boolean },
): Promise<PendingRow | null> {
  if (!p.hold) return null;
  const now = p.now ?? clockNow();
  const q = db
    .select()
    .from(pendingSignIns)
    .where(
      and(
        eq(pendingSignIns.id, p.hold.pendingId),
        eq(pendingSignIns.workspaceId, p.workspaceId),
        eq(pendingSignIns.host, p.host.trim().toLowerCase()),
        isNull(pendingSignIns.consumedAt),
        gt(pendingSignIns.expiresAt, now),
      ),
    )
    .limit(1);
  const [row] = p.lock ? await q.for("update") : await q;
  if (!row) return null;
  if (!safeEqual(sha256(p.hold.secret), row.browserHash)) return null;
  return row;
}

/** Seconds until the next code may be sent: 0 before the first, then 60 s, 2 min, 5 min after each send. */
export function cooldownLeftSec(row: Pick<PendingRow, "sends" | "lastSentAt">, now: Date): number {
  if (!row.lastSentAt || row.sends <= 0) return 0;
  const wait = SEND_COOLDOWNS_SEC[Math.min(row.sends, SEND_COOLDOWNS_SEC.length) - 1];
  return Math.max(0, Math.ceil((row.lastSentAt.getTime() + wait * 1000 - now.getTime()) / 1000));
}

/**
 * When this browser starts a new pending sign-in (the link opened again, a step-up asked again), the one it held
 * before is spent and its unused code dies, so abandoned codes do not pile up against the per-user code limit.
 */
export async function retirePending(tx: Tx, p: { workspaceId: string; host: string; hold: BrowserHold | null; portalUserId: string; now: Date }): Promise<void> {
  const old = await loadPending(tx, { workspaceId: p.workspaceId, host: p.host, hold: p.hold, now: p.now, lock: true });
  if (!old || old.portalUserId !== p.portalUserId) return;
  await tx.update(pendingSignIns).set({ consumedAt: p.now }).where(and(eq(pendingSignIns.id, old.id), eq(pendingSignIns.workspaceId, p.workspaceId)));
  if (old.challengeId) {
    await tx
      .update(otpChallenges)
      .set({ consumedAt: p.now })
      .where(and(eq(otpChallenges.id, old.challengeId), eq(otpChallenges.workspaceId, p.workspaceId), isNull(otpChallenges.consumedAt)));
  }
}
