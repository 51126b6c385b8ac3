import "server-only";
// The two ways a client proves who they are by email, each ending in a portal session on this host.
import type { Db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { useAccessLink } from "./access-links";
import { verifyCode } from "./codes";
import { findPortalUserByEmail } from "./request-sign-in";
import { createPortalSession } from "./sessions";

export type NewSession = { token: string; expiresAt: Date };

/**
 * A 6-digit code from the email. An unknown address, a wrong or used-up code and a locked account all get the one
 * answer a wrong code gets, so guessing codes tells nobody who has an account.
 */
export async function signInWithCode(
  db: Db,
  p: { workspaceId: string; email: string; code: string; host: string; ip: string | null },
): Promise<NewSession> {
  const limited = await consumeLimit(db, LIMITS.portalVerifyPerIp, `${p.workspaceId}:${p.ip ?? "unknown"}`);
  if (!limited.ok) throw new AppError("RATE_LIMITED");
  const user = await findPortalUserByEmail(db, { workspaceId: p.workspaceId, email: p.email });
  if (!user) throw new AppError("CODE_WRONG");
  try {
    await verifyCode(db, { workspaceId: p.workspaceId, portalUserId: user.portalUserId, purpose: "sign_in", code: p.code.trim() });
  } catch (e) {
    // A used-up code or a locked account exist only for real users: all of it answers as a wrong code (the error code
    // travels in the redirect's URL, so it must not differ either).
    if (isAppError(e) && (e.code === "CODE_LOCKED" || e.code === "CODE_EXPIRED_OR_EXHAUSTED")) throw new AppError("CODE_WRONG");
    throw e;
  }
  return db.transaction((tx) => createPortalSession(tx, { workspaceId: p.workspaceId, portalUserId: user.portalUserId, host: p.host, twoFactor: false }));
}

/**
 * The Continue button of a link page: uses the link and starts the session in one transaction, so a link that was
 * replaced or revoked a moment ago, or a one-time link used twice, never signs anyone in.
 */
export async function signInWithLink(db: Db, p: { workspaceId: string; token: string; host: string; ip: string | null }): Promise<NewSession> {
  const limited = await consumeLimit(db, LIMITS.portalVerifyPerIp, `${p.workspaceId}:${p.ip ?? "unknown"}`);
  if (!limited.ok) throw new AppError("RATE_LIMITED");
  return db.transaction(async (tx) => {
    const link = await useAccessLink(tx, { workspaceId: p.workspaceId, token: p.token });
    return createPortalSession(tx, { workspaceId: p.workspaceId, portalUserId: link.portalUserId, host: p.host, twoFactor: false });
  });
}
