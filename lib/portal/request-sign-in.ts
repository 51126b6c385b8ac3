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
import { consumeLimit, LIMITS } from "@/lib/rate-limit";
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

/**
 * Sends a sign-in code or link if the address belongs to an active portal user. Limits per IP and per address
 * apply to every address alike (RATE_LIMITED), so they reveal nothing; a per-user cooldown or cap silently
 * skips the send instead of saying so, for the same reason.
 */
export async function requestSignIn(db: Db, p: { workspace: { id: string; slug: string }; email: string; ip: string | null }): Promise<void> {
  const byIp = await consumeLimit(db, LIMITS.portalSendPerIp, `${p.workspace.id}:${p.ip ?? "unknown"}`);
  if (!byIp.ok) throw new AppError("RATE_LIMITED");
  const byEmail = await consumeLimit(db, LIMITS.portalSendPerEmail, `${p.workspace.id}:${p.email}`);
  if (!byEmail.ok) throw new AppError("RATE_LIMITED");

  const user = await findPortalUserByEmail(db, { workspaceId: p.workspace.id, email: p.email });
  if (!user) return;
  try {
    await sendSignInEmail(db, { workspace: p.workspace, user, mode: emailMethod(user.method) });
  } catch (e) {
    if (isAppError(e) && (e.code.startsWith("CODE_") || e.code === "ACCESS_REVOKED" || e.code === "NOT_FOUND")) return;
    throw e;
  }
}

/** Queues a sign-in code or a one-time sign-in link to a portal user, with the challenge or link, in one transaction. */
export async function sendSignInEmail(db: Db, p: { workspace: { id: string; slug: string }; user: PortalUserForSignIn; mode: "code" | "link" }) {
  const w = p.workspace.id;
  const url = await portalUrl(db, p.workspace);
  const kind = p.mode === "code" ? "sign_in_code" : "sign_in_link";
  const [template, profile] = await Promise.all([loadEmailTemplate(db, { workspaceId: w, kind }), getDefaultEmailProfile(db, { workspaceId: w })]);
  await db.transaction(async (tx) => {
    const [ws] = await tx.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, w));
    const values = baseMergeValues({ workspace: ws, contact: p.user, portalUrl: url });
    if (p.mode === "code") {
      const { code } = await issueCode(tx, { workspaceId: w, portalUserId: p.user.portalUserId, purpose: "sign_in", channels: ["email"] });
      values["sign_in.code"] = code;
    } else {
      const { token } = await issueAccessLink(tx, { workspaceId: w, portalUserId: p.user.portalUserId, kind: "sign_in" });
      values["sign_in.link"] = `${url}/l/${token}`;
    }
    await enqueueMessages(tx, [
      composePortalEmail({ workspaceId: w, to: p.user.email, kind, template, values, profile, branding: ws.branding, meta: { portalUserId: p.user.portalUserId } }),
    ]);
  });
  kickOutbox();
}
