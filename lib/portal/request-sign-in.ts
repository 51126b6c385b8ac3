import "server-only";
// The portal's "enter your email or mobile number" step. Whatever was typed, the caller gets the same answer; only a
// known, active portal user reached on that channel is actually sent a code or a link (their user type decides which).
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { portalRecipients, type PortalRecipientRow } from "@/lib/db/queries/portal-users";
import { contacts, portalUsers, portalUserTypes, workspaces } from "@/lib/db/schema";
import { AppError, isAppError } from "@/lib/errors";
import { kickOutbox } from "@/lib/messaging/outbox";
import { ipLimitKey } from "@/lib/request-ip";
import { consumeLimit, LIMITS, takeSendSlot } from "@/lib/rate-limit";
import { sendSlotKey } from "./send-slot-key";
import { issueAccessLink } from "./access-links";
import { issueCode } from "./codes";
import { channelOf, type Channel, type Identifier } from "./identifier";
import { notifyPortalUsers, type Notice } from "./notify-portal-user";
import { portalUrl } from "./portal-url";

export type PortalUserForSignIn = PortalRecipientRow;

/**
 * The active portal user this identifier names in this workspace, or null (unknown and revoked look the same). An
 * identifier finds only users reached on its channel: a number finds phone users, an address email users, so a code
 * never goes somewhere the person asking did not name.
 */
export async function findPortalUserByIdentifier(db: Db, p: { workspaceId: string; identifier: Identifier }): Promise<PortalUserForSignIn | null> {
  const byAddress = p.identifier.channel === "sms" ? eq(contacts.phone, p.identifier.address) : eq(contacts.email, p.identifier.address);
  const preference = p.identifier.channel === "sms" ? "phone" : "email";
  const [row] = await portalRecipients(db, {
    workspaceId: p.workspaceId,
    // A user without a type is an email user, as the default type is.
    where: and(byAddress, ne(portalUsers.status, "revoked"), sql`coalesce(${portalUserTypes.invitationPreference}, 'email') = ${preference}`),
    limit: 1,
  });
  return row ?? null;
}

/** Whether the sign-in page takes mobile numbers: the workspace has Notification SMS on. */
export async function phoneSignInEnabled(db: Db, workspaceId: string): Promise<boolean> {
  const [ws] = await db.select({ sms: workspaces.smsSettings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return ws?.sms.enabled === true;
}

/** Codes for code types (by email or SMS); everything else gets a one-time link. */
export function codeOrLink(method: PortalUserForSignIn["method"]): "code" | "link" {
  return method === "email_code" || method === "sms_code" ? "code" : "link";
}

export type SignInRequestOutcome =
  /** Sent (or, for an identifier without access, nothing to send); the challenge is the code this browser may use. */
  | { sent: true; challengeId: string | null }
  /** The identifier's send slot is closed: nothing sent; the latest message still works, another can be asked for later. */
  | { sent: false; retryAfterSec: number };

/**
 * Sends a sign-in code or link if the identifier belongs to an active portal user. The per-IP limit (RATE_LIMITED)
 * and the per-identifier cooldown (`takeSendSlot`: 60 s, 2 min, then 5 min at most) apply to every identifier alike,
 * so they reveal nothing. No cap can be spent by someone else for longer than the cooldown: see docs/ARCHITECTURE.md.
 * SMS also count against their number's prefix (the number without its last 4 digits), a brake on SMS pumping, and
 * against the number itself (5 an hour, 10 a day); only real sends count, and a refusal answers like a send. Past
 * the number's own limit a client with an email address is sent a one-time link by email instead.
 */
export async function requestSignIn(
  db: Db,
  p: { workspace: { id: string; slug: string }; identifier: Identifier; ip: string | null },
): Promise<SignInRequestOutcome> {
  const byIp = await consumeLimit(db, LIMITS.portalSendPerIp, `${p.workspace.id}:${ipLimitKey(p.ip)}`);
  if (!byIp.ok) throw new AppError("RATE_LIMITED");
  const slot = await takeSendSlot(db, sendSlotKey(p.workspace.id, p.identifier));
  if (!slot.ok) return { sent: false, retryAfterSec: slot.retryAfterSec };

  const user = await findPortalUserByIdentifier(db, { workspaceId: p.workspace.id, identifier: p.identifier });
  if (!user) return { sent: true, challengeId: null };
  let mode = codeOrLink(user.method);
  let channel: Channel | undefined;
  if (p.identifier.channel === "sms") {
    const byPrefix = await consumeLimit(db, LIMITS.smsSendPerPrefix, `${p.workspace.id}:${p.identifier.address.slice(0, -4)}`);
    if (!byPrefix.ok) return { sent: true, challengeId: null };
    const key = `${p.workspace.id}:${p.identifier.address}`;
    const hour = await consumeLimit(db, LIMITS.smsSendPerNumberHour, key);
    const day = hour.ok ? await consumeLimit(db, LIMITS.smsSendPerNumberDay, key) : hour;
    if (!hour.ok || !day.ok) {
      // The number had its SMS for now. A client with an email address still gets in: a one-time link goes there.
      if (!user.email) return { sent: true, challengeId: null };
      mode = "link";
      channel = "email";
    }
  }
  try {
    return { sent: true, ...(await sendSignInMessage(db, { workspace: p.workspace, user, mode, channel })) };
  } catch (e) {
    if (isAppError(e) && (e.code === "ACCESS_REVOKED" || e.code === "NOT_FOUND")) return { sent: true, challengeId: null };
    // SMS that cannot go out now (SMS off, a template not mapped, no credits, the daily cap): the client's answer must
    // not differ from an unknown number's, so it is logged for the operator and answered as sent.
    if (isAppError(e) && SMS_REFUSALS.has(e.code)) {
      console.warn(`[sign-in] an SMS for a portal user of workspace ${p.workspace.slug} was not sent: ${e.code}: ${e.message}`);
      return { sent: true, challengeId: null };
    }
    throw e;
  }
}

const SMS_REFUSALS = new Set(["SMS_DISABLED", "SMS_TEMPLATE_NOT_READY", "SMS_CREDITS_LOW", "SMS_DAILY_CAP", "SMS_COUNTRY_NOT_ALLOWED", "SMS_VAR_TOO_LONG", "SMS_URL_NOT_WHITELISTED", "SMS_UNICODE_IN_TEXT", "DLT_MISMATCH"]);

/**
 * Queues a sign-in code or a one-time sign-in link to a portal user on their channel, with the challenge or link, in
 * one transaction. A code user with too many unused codes gets a link instead (see codes.ts): links cannot be
 * guessed, and a link works in whichever browser opens it, so an attacker asking for codes on the client's behalf
 * only sends them links.
 */
export async function sendSignInMessage(
  db: Db,
  p: { workspace: { id: string; slug: string }; user: PortalUserForSignIn; mode: "code" | "link"; channel?: Channel },
): Promise<{ challengeId: string | null }> {
  const w = p.workspace.id;
  const url = await portalUrl(db, p.workspace);
  const channel = p.channel ?? channelOf(p.user.preference);
  const challengeId = await db.transaction(async (tx) => {
    let issued: { challengeId: string; code: string } | null = null;
    if (p.mode === "code") {
      try {
        issued = await issueCode(tx, { workspaceId: w, portalUserId: p.user.portalUserId, purpose: "sign_in", channels: [channel] });
      } catch (e) {
        if (!(isAppError(e) && e.code === "CODE_SEND_LIMIT")) throw e;
      }
    }
    let notice: Notice;
    if (issued) notice = { kind: "sign_in_code", code: issued.code };
    else {
      const { token } = await issueAccessLink(tx, { workspaceId: w, portalUserId: p.user.portalUserId, kind: "sign_in", short: channel === "sms" });
      notice = { kind: "sign_in_link", token };
    }
    await notifyPortalUsers(tx, { workspaceId: w, portalUrl: url, kind: notice.kind, items: [{ to: p.user, notice, channel }] });
    return issued?.challengeId ?? null;
  });
  kickOutbox();
  return { challengeId };
}
