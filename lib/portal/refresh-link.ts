import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { accessLinks, contacts, portalUsers, portalUserTypes } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import { AppError, isAppError } from "@/lib/errors";
import { consumeLimit, LIMITS, takeSendSlot } from "@/lib/rate-limit";
import { sendSignInEmail, sendSlotKey } from "./request-sign-in";

/**
 * "Email me a fresh sign-in link" on an expired or replaced link's page: the link names the portal user, and the
 * fresh one-time link goes to the address on file, so holding an old link gets nobody in by itself. Revoked users
 * and unknown tokens get nothing, and the same answer.
 */
export async function refreshLink(db: Db, p: { workspace: { id: string; slug: string }; token: string; ip: string | null }): Promise<void> {
  // Every token we issue is 32 random bytes in base64url; anything else names nothing (and is not counted).
  if (!/^[A-Za-z0-9_-]{43}$/.test(p.token)) return;
  const byIp = await consumeLimit(db, LIMITS.portalSendPerIp, `${p.workspace.id}:${p.ip ?? "unknown"}`);
  if (!byIp.ok) throw new AppError("RATE_LIMITED");
  const [row] = await db
    .select({ portalUserId: portalUsers.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, method: portalUserTypes.signInMethod })
    .from(accessLinks)
    .innerJoin(portalUsers, and(eq(portalUsers.id, accessLinks.portalUserId), eq(portalUsers.workspaceId, accessLinks.workspaceId)))
    .innerJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, portalUsers.userTypeId), eq(portalUserTypes.workspaceId, portalUsers.workspaceId)))
    .where(and(eq(accessLinks.tokenHash, sha256(p.token)), eq(accessLinks.workspaceId, p.workspace.id), ne(portalUsers.status, "revoked")))
    .limit(1);
  if (!row?.email) return;
  // The same per-address cooldown as the sign-in form; while it runs, the latest email already holds a working link.
  if (!(await takeSendSlot(db, sendSlotKey(p.workspace.id, row.email))).ok) return;
  try {
    await sendSignInEmail(db, { workspace: p.workspace, user: { ...row, email: row.email, method: row.method ?? "email_link" }, mode: "link" });
  } catch (e) {
    if (isAppError(e) && (e.code === "ACCESS_REVOKED" || e.code === "NOT_FOUND")) return;
    throw e;
  }
}
