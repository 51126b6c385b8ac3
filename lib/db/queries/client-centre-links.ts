import "server-only";
// Client Centre links per applicant, as the admin's access panel shows them: the active two-factor link with its
// state (sent or copied → opened → used) and the revoked ones, each with the link that replaced it. Never a silent
// swap: every link a client was given stays listed.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { accessLinks, portalUsers } from "@/lib/db/schema";

export const LINK_HISTORY_LIMIT = 20;

export type ClientCentreLinkRow = {
  id: string;
  requestId: string | null;
  delivery: "email" | "copied" | null;
  createdAt: Date;
  expiresAt: Date;
  openedAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type LinkState = "sent" | "copied" | "opened" | "used" | "expired";

export type RevokedLink = ClientCentreLinkRow & { replacedBy: { id: string; delivery: ClientCentreLinkRow["delivery"]; createdAt: Date } | null };

export type ApplicantLinks = {
  contactId: string;
  portalUserId: string;
  portalStatus: "invited" | "joined" | "revoked";
  active: (ClientCentreLinkRow & { state: LinkState }) | null;
  revoked: RevokedLink[];
  /** More links exist than LINK_HISTORY_LIMIT shows. */
  more: boolean;
};

/** What a link's row says about it now: used beats opened beats how it went out; past its expiry it is expired. */
export function linkState(l: Pick<ClientCentreLinkRow, "delivery" | "openedAt" | "lastUsedAt" | "expiresAt">, now: Date): LinkState {
  if (l.lastUsedAt) return "used";
  if (l.expiresAt.getTime() <= now.getTime()) return "expired";
  if (l.openedAt) return "opened";
  return l.delivery === "copied" ? "copied" : "sent";
}

/**
 * The two-factor links of these contacts' portal users, newest first, at most LINK_HISTORY_LIMIT each (one query,
 * a window over the (portal_user_id, created_at desc) index). Contacts without a portal user are absent.
 */
export async function listClientCentreLinks(
  db: DbOrTx,
  p: { workspaceId: string; contactIds: string[]; now: Date },
): Promise<Map<string, ApplicantLinks>> {
  const out = new Map<string, ApplicantLinks>();
  const ids = [...new Set(p.contactIds)];
  if (ids.length === 0) return out;
  const users = await db
    .select({ id: portalUsers.id, contactId: portalUsers.contactId, status: portalUsers.status })
    .from(portalUsers)
    .where(and(eq(portalUsers.workspaceId, p.workspaceId), inArray(portalUsers.contactId, ids)));
  if (users.length === 0) return out;
  const ranked = db
    .select({
      id: accessLinks.id,
      portalUserId: accessLinks.portalUserId,
      requestId: accessLinks.requestId,
      delivery: accessLinks.delivery,
      createdAt: accessLinks.createdAt,
      expiresAt: accessLinks.expiresAt,
      openedAt: accessLinks.openedAt,
      lastUsedAt: accessLinks.lastUsedAt,
      revokedAt: accessLinks.revokedAt,
      rn: sql<number>`row_number() over (partition by ${accessLinks.portalUserId} order by ${accessLinks.createdAt} desc, ${accessLinks.id} desc)`.as("rn"),
    })
    .from(accessLinks)
    .where(
      and(
        eq(accessLinks.workspaceId, p.workspaceId),
        inArray(accessLinks.portalUserId, users.map((u) => u.id)),
        eq(accessLinks.kind, "two_factor"),
      ),
    )
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rn} <= ${LINK_HISTORY_LIMIT + 1}`)
    .orderBy(ranked.portalUserId, ranked.rn);

  const byUser = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byUser.get(r.portalUserId) ?? [];
    list.push(r);
    byUser.set(r.portalUserId, list);
  }
  for (const u of users) {
    const all = byUser.get(u.id) ?? [];
    const more = all.length > LINK_HISTORY_LIMIT;
    const list = all.slice(0, LINK_HISTORY_LIMIT).map(({ rn: _rn, portalUserId: _p, ...l }) => ({ ...l, delivery: l.delivery as ClientCentreLinkRow["delivery"] }));
    const activeRow = list.find((l) => !l.revokedAt) ?? null;
    const revoked: RevokedLink[] = [];
    list.forEach((l, i) => {
      if (!l.revokedAt) return;
      // The link made when this one was revoked: the newer neighbour, created in the revoking transaction.
      const newer = i > 0 ? list[i - 1] : null;
      const replacedBy = newer && Math.abs(newer.createdAt.getTime() - l.revokedAt.getTime()) < 1000 ? { id: newer.id, delivery: newer.delivery, createdAt: newer.createdAt } : null;
      revoked.push({ ...l, replacedBy });
    });
    out.set(u.contactId, {
      contactId: u.contactId,
      portalUserId: u.id,
      portalStatus: u.status,
      active: activeRow ? { ...activeRow, state: linkState(activeRow, p.now) } : null,
      revoked,
      more,
    });
  }
  return out;
}
