import "server-only";
// The portal's "enter your email" step. Whatever the address, the caller gets the same answer; only a known,
// active portal user is actually sent a code or a link (their user type decides which).
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { contacts, portalUsers, portalUserTypes, workspaces } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { baseMergeValues, composePortalEmail, getDefaultEmailProfile, loadEmailTemplate } from "@/lib/messaging/workspace-email";
import { consumeLimit, LIMITS, SEND_COOLDOWNS_SEC, sendSlotWait, takeSendSlot } from "@/lib/rate-limit";
import { issueAccessLink } from "./access-links";
import { issueCode } from "./codes";
import { portalUrl } from "./portal-url";

export const signInEmailSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter the email address your invitation was sent to.")),
});

export type PortalUserForSignIn = {
  portalUserId: string;
  firstName: string;
  lastName: string;
  email: string;
  method: "email_code" | "email_link" | "sms_code" | "link_and_code";
};

/** The active portal user with this email in this workspace, or null (unknown and revoked look the same). */
export async function findPortalUserByEmail(db: Db, p: { workspaceId: string; email: string }): Promise<PortalUserForSignIn | null> {
  const [row] = await db
    .select({
      portalUserId: portalUsers.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      method: portalUserTypes.signInMethod,
    })
    .from(contacts)
    .innerJoin(portalUsers, and(eq(portalUsers.contactId, contacts.id), eq(portalUsers.workspaceId, contacts.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, portalUsers.userTypeId), eq(portalUserTypes.workspaceId, portalUsers.workspaceId)))
    .where(and(eq(contacts.workspaceId, p.workspaceId), eq(contacts.email, p.email), ne(portalUsers.status, "revoked")))
    .limit(1);
  if (!row?.email) return null;
  return { ...row, email: row.email, method: row.method ?? "email_link" };
}

/** Email codes for code types; everything else gets a one-time link by email (SMS sign-in arrives with MSG91). */
export function emailMethod(method: PortalUserForSignIn["method"]): "code" | "link" {
  return method === "email_code" ? "code" : "link";
}

export type SignInRequestOutcome =
  /** Sent (or, for an address without access, nothing to send); the challenge is the code this browser may use. */
  | { sent: true; challengeId: string | null }
  /** The address's send slot is closed: nothing sent; the latest email still works, another can be asked for later. */
  | { sent: false; retryAfterSec: number };

/** The per-address send slot key: the same for known and unknown addresses, so the wait reveals nothing. */
export function sendSlotKey(workspaceId: string, email: string) {
  return `${workspaceId}:${email}`;
}

/**
 * The wait the check-email page shows before Resend. Right after this browser's own send it is the first cooldown for
 * every address, whatever its history: the real wait (longer after earlier sends) would tell a stranger that someone
 * signed in with the address lately. After a refused request (`refused`) it is the real wait, which only repeats what
 * that refusal already said.
 */
export async function resendWaitSec(db: Db, p: { workspaceId: string; email: string; refused: boolean; now?: Date }): Promise<number> {
  const wait = await sendSlotWait(db, sendSlotKey(p.workspaceId, p.email), p.now);
  return p.refused ? wait : Math.min(wait, SEND_COOLDOWNS_SEC[0]);
}

/**
 * Sends a sign-in code or link if the address belongs to an active portal user. The per-IP limit (RATE_LIMITED) and
 * the per-address cooldown (`takeSendSlot`: 60 s, 2 min, then 5 min at most) apply to every address alike, so they
 * reveal nothing. No cap can be spent by someone else for longer than the cooldown: see docs/ARCHITECTURE.md.
 */
export async function requestSignIn(
  db: Db,
  p: { workspace: { id: string; slug: string }; email: string; ip: string | null },
): Promise<SignInRequestOutcome> {
  const byIp = await consumeLimit(db, LIMITS.portalSendPerIp, `${p.workspace.id}:${p.ip ?? "unknown"}`);
  if (!byIp.ok) throw new AppError("RATE_LIMITED");
  const slot = await takeSendSlot(db, sendSlotKey(p.workspace.id, p.email));
  if (!slot.ok) return { sent: false, retryAfterSec: slot.retryAfterSec };

  const user = await findPortalUserByEmail(db, { workspaceId: p.workspace.id, email: p.email });
  if (!user) return { sent: true, challengeId: null };
  try {
    return { sent: true, ...(await sendSignInEmail(db, { workspace: p.workspace, user, mode: emailMethod(user.method) })) };
  } catch (e) {
    if (isAppError(e) && (e.code === "ACCESS_REVOKED" || e.code === "NOT_FOUND")) return { sent: true, challengeId: null };
    throw e;
  }
}

/**
 * Queues a sign-in code or a one-time sign-in link to a portal user, with the challenge or link, in one transaction.
 * A code user with too many unused codes gets a link instead (see codes.ts): links cannot be guessed, and a link
 * works in whichever browser opens it, so an attacker asking for codes on the client's behalf only sends them links.
 */
export async function sendSignInEmail(
  db: Db,
  p: { workspace: { id: string; slug: string }; user: PortalUserForSignIn; mode: "code" | "link" },
): Promise<{ challengeId: string | null }> {
  const w = p.workspace.id;
  const url = await portalUrl(db, p.workspace);
  const [codeTemplate, linkTemplate, profile] = await Promise.all([
    p.mode === "code" ? loadEmailTemplate(db, { workspaceId: w, kind: "sign_in_code" }) : null,
    loadEmailTemplate(db, { workspaceId: w, kind: "sign_in_link" }),
    getDefaultEmailProfile(db, { workspaceId: w }),
  ]);
  const challengeId = await db.transaction(async (tx) => {
    const [ws] = await tx.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, w));
    const values = baseMergeValues({ workspace: ws, contact: p.user, portalUrl: url });
    let issued: { challengeId: string; code: string } | null = null;
    if (p.mode === "code") {
      try {
        issued = await issueCode(tx, { workspaceId: w, portalUserId: p.user.portalUserId, purpose: "sign_in", channels: ["email"] });
      } catch (e) {
        if (!(isAppError(e) && e.code === "CODE_SEND_LIMIT")) throw e;
      }
    }
    if (issued) {
      values["sign_in.code"] = issued.code;
    } else {
      const { token } = await issueAccessLink(tx, { workspaceId: w, portalUserId: p.user.portalUserId, kind: "sign_in" });
      values["sign_in.link"] = `${url}/l/${token}`;
    }
    const kind = issued ? "sign_in_code" : "sign_in_link";
    const template = issued ? codeTemplate! : linkTemplate;
    await enqueueMessages(tx, [
      composePortalEmail({ workspaceId: w, to: p.user.email, kind, template, values, profile, branding: ws.branding, meta: { portalUserId: p.user.portalUserId } }),
    ]);
    return issued?.challengeId ?? null;
  });
  kickOutbox();
  return { challengeId };
}
