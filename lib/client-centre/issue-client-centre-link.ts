import "server-only";
// The one place a Client Centre link is made, in the caller's transaction: the contact's portal user (created as
// invited when missing), a new two_factor link that revokes their previous personal link (issueAccessLink locks the
// portal user row first, so concurrent sends take turns and exactly one link stays active), the link tagged with its
// request and how it reached the client, and the applicant's response row marked invited.
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accessLinks, portalUsers, portalUserTypes, requestResponses } from "@/lib/db/schema";
import { sha256 } from "@/lib/crypto";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { issueAccessLink } from "@/lib/portal/access-links";
import { linkPath } from "@/lib/portal/link-path";
import { displayName, type ContactForAccess } from "./applicant-readiness";

export type IssuedClientCentreLink = { portalUserId: string; linkId: string; url: string; token: string; expiresAt: Date };

export async function issueClientCentreLink(
  tx: Tx,
  p: { workspaceId: string; requestId: string; contact: ContactForAccess; delivery: "email" | "copied"; portalUrl: string },
): Promise<IssuedClientCentreLink> {
  const w = p.workspaceId;
  const now = clockNow();
  const [def] = await tx
    .select({ id: portalUserTypes.id })
    .from(portalUserTypes)
    .where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.isDefault, true)))
    .limit(1);
  await tx
    .insert(portalUsers)
    .values({ workspaceId: w, contactId: p.contact.id, userTypeId: def?.id ?? null, status: "invited" })
    .onConflictDoNothing({ target: [portalUsers.workspaceId, portalUsers.contactId] });
  const [user] = await tx
    .select({ id: portalUsers.id, status: portalUsers.status })
    .from(portalUsers)
    .where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.contactId, p.contact.id)));
  if (!user) throw new AppError("NOT_FOUND");
  const revoked = () =>
    new AppError("ACCESS_REVOKED", "contactIds", `${displayName(p.contact)}'s portal access is revoked. Restore it on the Portal users page first, then send again.`);
  if (user.status === "revoked") throw revoked();

  let link: { token: string; expiresAt: Date };
  try {
    link = await issueAccessLink(tx, { workspaceId: w, portalUserId: user.id, kind: "two_factor", now });
  } catch (e) {
    if (e instanceof AppError && e.code === "ACCESS_REVOKED") throw revoked();
    throw e;
  }
  const [row] = await tx
    .update(accessLinks)
    .set({ requestId: p.requestId, delivery: p.delivery })
    .where(and(eq(accessLinks.workspaceId, w), eq(accessLinks.tokenHash, sha256(link.token))))
    .returning({ id: accessLinks.id });
  await tx
    .insert(requestResponses)
    .values({ workspaceId: w, requestId: p.requestId, contactId: p.contact.id, invitedAt: now })
    .onConflictDoUpdate({ target: [requestResponses.requestId, requestResponses.contactId], set: { invitedAt: now, updatedAt: now } });
  return { portalUserId: user.id, linkId: row.id, url: `${p.portalUrl.replace(/\/+$/, "")}${linkPath(link.token)}`, token: link.token, expiresAt: link.expiresAt };
}
