import "server-only";
// The two ways a client proves who they are (a code by email or SMS, or a link), each ending in a portal session on this host.
import type { Db } from "@/lib/db";
import { AppError, isAppError } from "@/lib/errors";
import { ipLimitKey } from "@/lib/request-ip";
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { accessLinks, portalUsers } from "@/lib/db/schema";
import { now as clockNow } from "@/lib/clock";
import { resolveAccessLink, useAccessLink } from "./access-links";
import type { BrowserHold } from "./two-factor/cookie";
import { createPending, retirePending } from "./two-factor/pending";
import { isLinkToken } from "./link-path";
import { verifyChallenge } from "./codes";
import { createPortalSession } from "./sessions";

export type NewSession = { token: string; expiresAt: Date };

/**
 * A 6-digit code from the email or SMS, checked against the challenge this browser's pending sign-in names (never an address
 * the client sends). A wrong, used-up or unknown challenge all get the one answer a wrong code gets, so guessing
 * codes tells nobody who has an account. One statement counts the IP and the attempt, consumes the code when it
 * matches and then starts the session (verifyChallenge with `session`): see docs/ARCHITECTURE.md, "Code verification".
 */
export async function signInWithCode(
  db: Db,
  p: { workspaceId: string; challengeId: string; code: string; host: string; ip: string | null },
): Promise<NewSession> {
  try {
    const { session } = await verifyChallenge(db, {
      workspaceId: p.workspaceId,
      challengeId: p.challengeId,
      purpose: "sign_in",
      code: p.code.trim(),
      limit: { limit: LIMITS.portalVerifyPerIp, key: `${p.workspaceId}:${ipLimitKey(p.ip)}` },
      session: { host: p.host },
    });
    return session!;
  } catch (e) {
    // A used-up code exists only for real users: it answers as a wrong code (the error code travels in the redirect's
    // URL, so it must not differ either).
    if (isAppError(e) && e.code === "CODE_EXPIRED_OR_EXHAUSTED") throw new AppError("CODE_WRONG");
    throw e;
  }
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

export type LinkOutcome =
  | ({ kind: "session" } & NewSession)
  | { kind: "pending"; pendingId: string; secret: string; expiresAt: Date };

/**
 * The Continue button of any link page. A Client Centre (two_factor) link signs nobody in: in one transaction it is
 * checked, stamped opened (the first time) and starts a pending sign-in bound to this browser, which the code then
 * completes (DESIGN §11). Every other kind signs in as signInWithLink does.
 */
export async function continueLink(
  db: Db,
  p: { workspaceId: string; token: string; host: string; ip: string | null; hold?: BrowserHold | null; now?: Date },
): Promise<LinkOutcome> {
  if (!isLinkToken(p.token)) throw new AppError("LINK_INVALID");
  const limited = await consumeLimit(db, LIMITS.portalVerifyPerIp, `${p.workspaceId}:${ipLimitKey(p.ip)}`);
  if (!limited.ok) throw new AppError("RATE_LIMITED");
  const now = p.now ?? clockNow();
  return db.transaction(async (tx) => {
    const link = await resolveAccessLink(tx, { workspaceId: p.workspaceId, token: p.token, now });
    if (link.kind !== "two_factor") {
      const used = await useAccessLink(tx, { workspaceId: p.workspaceId, token: p.token, now });
      const s = await createPortalSession(tx, { workspaceId: p.workspaceId, portalUserId: used.portalUserId, host: p.host, twoFactor: false, now });
      return { kind: "session" as const, ...s };
    }
    // Conditional, like useAccessLink: a link replaced or revoked a moment ago starts nothing.
    const [opened] = await tx
      .update(accessLinks)
      .set({ openedAt: sql`coalesce(${accessLinks.openedAt}, ${now.toISOString()}::timestamptz)` })
      .where(
        and(
          eq(accessLinks.id, link.linkId),
          eq(accessLinks.workspaceId, p.workspaceId),
          isNull(accessLinks.revokedAt),
          gt(accessLinks.expiresAt, now),
          sql`exists (select 1 from ${portalUsers} where ${portalUsers.id} = ${accessLinks.portalUserId} and ${portalUsers.workspaceId} = ${p.workspaceId} and ${portalUsers.status} <> 'revoked')`,
        ),
      )
      .returning({ requestId: accessLinks.requestId });
    if (!opened) {
      await resolveAccessLink(tx, { workspaceId: p.workspaceId, token: p.token, now });
      throw new AppError("LINK_INVALID");
    }
    const next = opened.requestId ? `/requests/${opened.requestId}` : "/";
    await retirePending(tx, { workspaceId: p.workspaceId, host: p.host, hold: p.hold ?? null, portalUserId: link.portalUserId, now });
    const pending = await createPending(tx, { workspaceId: p.workspaceId, portalUserId: link.portalUserId, purpose: "link", host: p.host, linkId: link.linkId, next, now });
    return { kind: "pending" as const, ...pending };
  });
}
