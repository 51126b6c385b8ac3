import "server-only";
// The code step's Sign in: the code must be right AND the pending sign-in must be this browser's (its cookie's
// secret). Then one transaction spends the pending row (once), stamps the link used, and starts a two-factor
// session; a step-up or re-auth ends the session it renews, so the token rotates.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accessLinks, auditEvents, pendingSignIns, portalSessions } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { now as clockNow } from "@/lib/clock";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { ipLimitKey } from "@/lib/request-ip";
import { verifyChallenge } from "../codes";
import { createPortalSession } from "../sessions";
import type { BrowserHold } from "./cookie";
import { loadPending } from "./pending";

const AUDIT_ACTION = { link: "portal_user.two_factor_sign_in", step_up: "portal_user.two_factor_step_up", reauth: "portal_user.two_factor_reauth" } as const;
const AUDIT_SUMMARY = {
  link: "Client signed in to the Client Centre with the invitation link and a code",
  step_up: "Client confirmed a code to open the Client Centre",
  reauth: "Client entered a fresh code after being away",
} as const;

export type TwoFactorSession = { token: string; expiresAt: Date; next: string; purpose: "link" | "step_up" | "reauth"; portalUserId: string };

export async function verifyTwoFactorCode(
  db: Db,
  p: { workspaceId: string; host: string; hold: BrowserHold | null; sessionToken: string | null; code: string; ip: string | null; userAgent?: string | null; now?: Date },
): Promise<TwoFactorSession> {
  const w = p.workspaceId;
  const now = p.now ?? clockNow();
  const limit = { limit: LIMITS.portalVerifyPerIp, key: `${w}:${ipLimitKey(p.ip)}` };
  // Every request counts against the per-IP limit once, whichever way it ends: the refusals below through
  // consumeLimit, a code check in its own statement.
  const refuse = async (code: "TWO_FACTOR_PENDING_EXPIRED" | "CODE_EXPIRED_OR_EXHAUSTED"): Promise<never> => {
    const limited = await consumeLimit(db, limit.limit, limit.key);
    throw new AppError(limited.ok ? code : "RATE_LIMITED");
  };

  const pending = await loadPending(db, { workspaceId: w, host: p.host, hold: p.hold, now });
  if (!pending) return refuse("TWO_FACTOR_PENDING_EXPIRED");
  if (!pending.challengeId) return refuse("CODE_EXPIRED_OR_EXHAUSTED");
  const renews = pending.purpose !== "link";
  // A step-up or re-auth renews one session: only the browser still holding that session's cookie can finish it.
  if (renews && !(p.sessionToken && p.sessionToken.length <= 200)) return refuse("TWO_FACTOR_PENDING_EXPIRED");

  // Counted outside the transaction, so a wrong code spends one of its 5 tries whatever happens next.
  const checked = await verifyChallenge(db, { workspaceId: w, challengeId: pending.challengeId, purpose: "second_factor", code: p.code.trim(), limit });
  if (checked.portalUserId !== pending.portalUserId) throw new AppError("TWO_FACTOR_PENDING_EXPIRED");

  return db.transaction(async (tx) => {
    let capAbsoluteAt: Date | undefined;
    const [spent] = await tx
      .update(pendingSignIns)
      .set({ consumedAt: now })
      .where(
        and(
          eq(pendingSignIns.id, pending.id),
          eq(pendingSignIns.workspaceId, w),
          eq(pendingSignIns.challengeId, checked.challengeId),
          isNull(pendingSignIns.consumedAt),
          gt(pendingSignIns.expiresAt, now),
        ),
      )
      .returning({ id: pendingSignIns.id });
    if (!spent) throw new AppError("TWO_FACTOR_PENDING_EXPIRED");

    if (pending.purpose === "link") {
      const [used] = await tx
        .update(accessLinks)
        .set({ lastUsedAt: now })
        .where(and(eq(accessLinks.id, pending.linkId!), eq(accessLinks.workspaceId, w), isNull(accessLinks.revokedAt), gt(accessLinks.expiresAt, now)))
        .returning({ id: accessLinks.id });
      if (!used) {
        // Replaced or expired while the code was on its way: the newer invitation is the way in.
        const [l] = await tx.select({ revokedAt: accessLinks.revokedAt }).from(accessLinks).where(and(eq(accessLinks.id, pending.linkId!), eq(accessLinks.workspaceId, w)));
        throw new AppError(l?.revokedAt ? "LINK_SUPERSEDED" : "LINK_EXPIRED");
      }
    } else {
      const [ended] = await tx
        .update(portalSessions)
        .set({ revokedAt: now })
        .where(
          and(
            eq(portalSessions.id, pending.sessionId!),
            eq(portalSessions.workspaceId, w),
            eq(portalSessions.portalUserId, pending.portalUserId),
            eq(portalSessions.tokenHash, sha256(p.sessionToken!)),
            isNull(portalSessions.revokedAt),
            gt(portalSessions.absoluteExpiresAt, now),
          ),
        )
        .returning({ id: portalSessions.id, twoFactor: portalSessions.twoFactor, absoluteExpiresAt: portalSessions.absoluteExpiresAt });
      if (!ended) throw new AppError("TWO_FACTOR_PENDING_EXPIRED");
      if (ended.twoFactor) capAbsoluteAt = ended.absoluteExpiresAt;
    }
    const s = await createPortalSession(tx, { workspaceId: w, portalUserId: pending.portalUserId, host: p.host, twoFactor: true, now, capAbsoluteAt });
    // Client Centre content is what a business must be able to account for: who got in with both factors, when, from where.
    await tx.insert(auditEvents).values({
      workspaceId: w,
      action: AUDIT_ACTION[pending.purpose],
      targetType: "portal_user",
      targetId: pending.portalUserId,
      summary: AUDIT_SUMMARY[pending.purpose],
      ip: p.ip,
      userAgent: p.userAgent?.slice(0, 500) ?? null,
      createdAt: now,
    });
    return { token: s.token, expiresAt: s.expiresAt, next: pending.next ?? "/", purpose: pending.purpose, portalUserId: pending.portalUserId };
  });
}
