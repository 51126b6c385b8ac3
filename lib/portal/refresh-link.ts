import "server-only";
import { and, ne, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { portalRecipients } from "@/lib/db/queries/portal-users";
import { portalUsers } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import { AppError, isAppError } from "@/lib/errors";
import { ipLimitKey } from "@/lib/request-ip";
import { consumeLimit, LIMITS, takeSendSlot } from "@/lib/rate-limit";
import { isLinkToken } from "./link-path";
import { addressOf } from "./notify-portal-user";
import { sendSignInMessage } from "./request-sign-in";
import { sendSlotKey } from "./send-slot-key";

/**
 * "Send me a fresh sign-in link" on an expired or replaced link's page: the link names the portal user, and the
 * fresh one-time link goes to the address or number on file (their channel), so holding an old link gets nobody in
 * by itself. Revoked users and unknown tokens get nothing, and the same answer.
 */
export async function refreshLink(db: Db, p: { workspace: { id: string; slug: string }; token: string; ip: string | null }): Promise<void> {
  if (!isLinkToken(p.token)) return; // names nothing, and is not counted
  const byIp = await consumeLimit(db, LIMITS.portalSendPerIp, `${p.workspace.id}:${ipLimitKey(p.ip)}`);
  if (!byIp.ok) throw new AppError("RATE_LIMITED");
  const [row] = await portalRecipients(db, {
    workspaceId: p.workspace.id,
    where: and(
      ne(portalUsers.status, "revoked"),
      // Qualified by hand: inside a subquery drizzle writes a bare "id", which would name access_links' own id.
      sql`exists (select 1 from access_links al where al.portal_user_id = "portal_users"."id" and al.workspace_id = ${p.workspace.id} and al.token_hash = ${sha256(p.token)})`,
    ),
    limit: 1,
  });
  if (!row) return;
  const { channel, to } = addressOf(row);
  if (!to) return;
  // The same cooldown as the sign-in form; while it runs, the latest message already holds a working link.
  if (!(await takeSendSlot(db, sendSlotKey(p.workspace.id, { channel, address: to }))).ok) return;
  try {
    await sendSignInMessage(db, { workspace: p.workspace, user: row, mode: "link" });
  } catch (e) {
    if (isAppError(e) && (e.code === "ACCESS_REVOKED" || e.code === "NOT_FOUND" || e.code.startsWith("SMS_") || e.code === "DLT_MISMATCH")) return;
    throw e;
  }
}
