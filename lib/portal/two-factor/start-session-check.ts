import "server-only";
// Step-up and re-authentication start here: a client already signed in asks for the code, and this browser gets a
// pending sign-in bound to that session. The client stays signed in (step-up) or keeps their drafts (re-auth).
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { now as clockNow } from "@/lib/clock";
import { peekPortalSession } from "../sessions";
import { createPending, retirePending } from "./pending";
import { safeNext, type BrowserHold } from "./cookie";

/**
 * A pending step_up (live one-factor session) or reauth (two-factor session past its idle limit, within its absolute
 * one) for the session the cookie names. A live two-factor session needs nothing (`null`); no usable session at all
 * is TWO_FACTOR_PENDING_EXPIRED: the client opens their invitation link again.
 */
export async function startSessionCheck(
  db: Db,
  p: { workspaceId: string; host: string; sessionToken: string | null; next: string | null; hold?: BrowserHold | null; now?: Date },
): Promise<{ pendingId: string; secret: string; purpose: "step_up" | "reauth" } | null> {
  const now = p.now ?? clockNow();
  const s = p.sessionToken ? await peekPortalSession(db, { token: p.sessionToken, workspaceId: p.workspaceId, host: p.host, now }) : null;
  if (!s) throw new AppError("TWO_FACTOR_PENDING_EXPIRED");
  if (s.twoFactor && s.state === "live") return null;
  // A one-factor session that went idle is over: that client signs in again the ordinary way.
  if (!s.twoFactor && s.state === "idle") throw new AppError("TWO_FACTOR_PENDING_EXPIRED");
  const purpose = s.twoFactor ? ("reauth" as const) : ("step_up" as const);
  const pending = await db.transaction(async (tx) => {
    await retirePending(tx, { workspaceId: p.workspaceId, host: p.host, hold: p.hold ?? null, portalUserId: s.portalUserId, now });
    return createPending(tx, {
      workspaceId: p.workspaceId,
      portalUserId: s.portalUserId,
      purpose,
      host: p.host,
      sessionId: s.id,
      next: safeNext(p.next),
      now,
      // Never outlives the session it would renew.
      expiresAt: s.absoluteExpiresAt,
    });
  });
  return { ...pending, purpose };
}
