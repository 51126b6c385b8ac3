import "server-only";
// The two ways a client proves who they are (a code by email or SMS, or a link), each ending in a portal session on this host.
import type { Db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { ipLimitKey } from "@/lib/request-ip";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { useAccessLink } from "./access-links";
import { isLinkToken } from "./link-path";
import { verifyChallenge } from "./codes";
import { createPortalSession } from "./sessions";

export type NewSession = { token: string; expiresAt: Date };

/**
 * A 6-digit code from the email or SMS, checked against the challenge this browser's pending sign-in names (never an address
 * the client sends). A wrong, used-up or unknown challenge all get the one answer a wrong code gets, so guessing
 * codes tells nobody who has an account.
 */
export async function signInWithCode(
  db: Db,
  p: { workspaceId: string; challengeId: string; code: string; host: string; ip: string | null },
): Promise<NewSession> {
  const limited = await consumeLimit(db, LIMITS.portalVerifyPerIp, `${p.workspaceId}:${ipLimitKey(p.ip)}`);
  if (!limited.ok) throw new AppError("RATE_LIMITED");
  let portalUserId: string;
  try {
    ({ portalUserId } = await verifyChallenge(db, { workspaceId: p.workspaceId, challengeId: p.challengeId, purpose: "sign_in", code: p.code.trim() }));
  } catch (e) {
    // A used-up code exists only for real users: it answers as a wrong code (the error code travels in the redirect's
    // URL, so it must not differ either).
    if (isAppError(e) && e.code === "CODE_EXPIRED_OR_EXHAUSTED") throw new AppError("CODE_WRONG");
    throw e;
  }
  return db.transaction((tx) => createPortalSession(tx, { workspaceId: p.workspaceId, portalUserId, host: p.host, twoFactor: false }));
}

/**
 * The Continue button of a link page: uses the link and starts the session in one transaction, so a link that was
 * replaced or revoked a moment ago, or a one-time link used twice, never signs anyone in.
 */
export async function signInWithLink(db: Db, p: { workspaceId: string; token: string; host: string; ip: string | null }): Promise<NewSession> {
  if (!isLinkToken(p.token)) throw new AppError("LINK_INVALID");
  const limited = await consumeLimit(db, LIMITS.portalVerifyPerIp, `${p.workspaceId}:${ipLimitKey(p.ip)}`);
  if (!limited.ok) throw new AppError("RATE_LIMITED");
  return db.transaction(async (tx) => {
    const link = await useAccessLink(tx, { workspaceId: p.workspaceId, token: p.token });
    return createPortalSession(tx, { workspaceId: p.workspaceId, portalUserId: link.portalUserId, host: p.host, twoFactor: false });
  });
}
