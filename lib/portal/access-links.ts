import "server-only";
// Portal access links (magic, invitation, sign-in): issued, re-shown, checked and used here, so every link path
// applies the same one-active-link, expiry and revocation rules.
import { and, eq, gt, isNull, ne, sql, type Placeholder } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/lib/db";
import { accessLinks, portalUsers, workspaces } from "@/lib/db/schema";
import { decrypt, encrypt, randomToken, sha256, shortToken } from "@/lib/crypto";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { isLinkToken } from "./link-path";

export type AccessLinkKind = (typeof accessLinks.kind.enumValues)[number];

export const SIGN_IN_LINK_MINUTES = 15;
export const DEFAULT_MAGIC_LINK_DAYS = 7;
export const MAX_MAGIC_LINK_DAYS = 30;

/** Days a magic or invitation link lives: the workspace's setting, default 7, clamped to 1..30 whole days. */
export function magicLinkDays(setting: unknown): number {
  const n = typeof setting === "number" && Number.isFinite(setting) ? Math.floor(setting) : DEFAULT_MAGIC_LINK_DAYS;
  return Math.min(MAX_MAGIC_LINK_DAYS, Math.max(1, n));
}

/**
 * Issues a new link for a portal user and revokes the one it replaces, in the caller's transaction. The portal
 * user's row is locked first, so two issues at once take turns: each succeeds and exactly one link of the class
 * (personal: magic/invitation; or single-use sign-in) stays active (the partial unique index
 * `access_links_one_active` is the backstop). A revoked portal user gets no link.
 */
export async function issueAccessLink(
  tx: Tx,
  p: { workspaceId: string; portalUserId: string; kind: AccessLinkKind; short?: boolean; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = p.now ?? clockNow();
  const [user] = await tx
    .select({ status: portalUsers.status, settings: workspaces.securitySettings })
    .from(portalUsers)
    .innerJoin(workspaces, eq(workspaces.id, portalUsers.workspaceId))
    .where(and(eq(portalUsers.id, p.portalUserId), eq(portalUsers.workspaceId, p.workspaceId)))
    .for("update", { of: portalUsers });
  if (!user) throw new AppError("NOT_FOUND");
  if (user.status === "revoked") throw new AppError("ACCESS_REVOKED");

  const ttlMs =
    p.kind === "sign_in" ? SIGN_IN_LINK_MINUTES * 60_000 : magicLinkDays(user.settings?.magicLinkDays) * 86_400_000;
  const expiresAt = new Date(now.getTime() + ttlMs);
  // A link that goes by SMS must fit a 30-character DLT variable.
  const token = p.short ? shortToken() : randomToken();

  // Only the link of the same class is replaced: a sign-in link the client asked for leaves their magic link alone.
  const sameClass = p.kind === "sign_in" ? eq(accessLinks.kind, "sign_in") : ne(accessLinks.kind, "sign_in");
  await tx
    .update(accessLinks)
    .set({ revokedAt: now })
    .where(
      and(
        eq(accessLinks.workspaceId, p.workspaceId),
        eq(accessLinks.portalUserId, p.portalUserId),
        isNull(accessLinks.revokedAt),
        sameClass,
      ),
    );
  await tx.insert(accessLinks).values({
    workspaceId: p.workspaceId,
    portalUserId: p.portalUserId,
    kind: p.kind,
    tokenHash: sha256(token),
    tokenEncrypted: encrypt(token),
    expiresAt,
    createdAt: now,
  });
  return { token, expiresAt };
}

/**
 * The portal user's active, unexpired magic or invitation link, decrypted for the admin's "Copy magic link", or
 * null (the caller then issues one). A pending single-use sign-in link is never handed out as a magic link.
 */
export async function currentAccessLink(
  db: DbOrTx,
  p: { workspaceId: string; portalUserId: string; now?: Date },
): Promise<{ token: string; expiresAt: Date; kind: AccessLinkKind } | null> {
  const now = p.now ?? clockNow();
  const [row] = await db
    .select({ tokenEncrypted: accessLinks.tokenEncrypted, expiresAt: accessLinks.expiresAt, kind: accessLinks.kind })
    .from(accessLinks)
    .where(
      and(
        eq(accessLinks.workspaceId, p.workspaceId),
        eq(accessLinks.portalUserId, p.portalUserId),
        isNull(accessLinks.revokedAt),
        gt(accessLinks.expiresAt, now),
        ne(accessLinks.kind, "sign_in"),
      ),
    )
    .limit(1);
  if (!row) return null;
  return { token: decrypt(row.tokenEncrypted), expiresAt: row.expiresAt, kind: row.kind };
}

export type ResolvedAccessLink = { linkId: string; portalUserId: string; kind: AccessLinkKind; expiresAt: Date };

/**
 * Checks a link without using it (a GET shows the Continue page; mail scanners follow GETs). Looked up by hash
 * and workspace, so another workspace's token is simply unknown. Throws LINK_INVALID, ACCESS_REVOKED,
 * LINK_SUPERSEDED or LINK_EXPIRED.
 */
export async function resolveAccessLink(
  db: DbOrTx,
  p: { workspaceId: string; token: string; now?: Date },
): Promise<ResolvedAccessLink> {
  const row = await readAccessLink(db, p);
  const problem = linkProblem(row, p.now ?? clockNow());
  if (problem || !row) throw new AppError(problem ?? "LINK_INVALID");
  return { linkId: row.id, portalUserId: row.portalUserId, kind: row.kind, expiresAt: row.expiresAt };
}

/**
 * What a link's landing page shows, in one query: its kind (null when unknown) and why it would not work (or null).
 * Read on every GET of a link page (proxy.ts, for the page cache), so the query is built once per database handle:
 * drizzle's builder costs more CPU a call (~0.3 ms) than the query's own round trip.
 */
export async function accessLinkState(
  db: Db,
  p: { workspaceId: string; token: string; now?: Date },
): Promise<{ kind: string | null; problem: "LINK_INVALID" | "ACCESS_REVOKED" | "LINK_SUPERSEDED" | "LINK_EXPIRED" | null }> {
  let row: LinkRow | null = null;
  if (isLinkToken(p.token)) {
    let q = builtLinkReads.get(db);
    if (!q) builtLinkReads.set(db, (q = linkRead(db, { tokenHash: sql.placeholder("tokenHash"), workspaceId: sql.placeholder("workspaceId") }).prepare("access_link_state")));
    [row = null] = await q.execute({ tokenHash: sha256(p.token), workspaceId: p.workspaceId });
  }
  return { kind: row?.kind ?? null, problem: linkProblem(row, p.now ?? clockNow()) };
}

const builtLinkReads = new WeakMap<Db, ReturnType<ReturnType<typeof linkRead>["prepare"]>>();

function linkRead(db: DbOrTx, p: { tokenHash: string | Placeholder; workspaceId: string | Placeholder }) {
  return db
    .select({
      id: accessLinks.id,
      portalUserId: accessLinks.portalUserId,
      kind: accessLinks.kind,
      expiresAt: accessLinks.expiresAt,
      revokedAt: accessLinks.revokedAt,
      lastUsedAt: accessLinks.lastUsedAt,
      userStatus: portalUsers.status,
    })
    .from(accessLinks)
    .innerJoin(portalUsers, and(eq(portalUsers.id, accessLinks.portalUserId), eq(portalUsers.workspaceId, accessLinks.workspaceId)))
    .where(and(eq(accessLinks.tokenHash, p.tokenHash), eq(accessLinks.workspaceId, p.workspaceId)))
    .limit(1);
}
type LinkRow = Awaited<ReturnType<typeof linkRead>>[number];

async function readAccessLink(db: DbOrTx, p: { workspaceId: string; token: string }): Promise<LinkRow | null> {
  if (!isLinkToken(p.token)) return null;
  const [row] = await linkRead(db, { tokenHash: sha256(p.token), workspaceId: p.workspaceId });
  return row ?? null;
}

function linkProblem(row: LinkRow | null, now: Date) {
  if (!row) return "LINK_INVALID";
  if (row.userStatus === "revoked") return "ACCESS_REVOKED";
  if (row.revokedAt) {
    // A sign-in link revoked by its own use is spent, not replaced.
    if (row.kind === "sign_in" && row.lastUsedAt) return "LINK_INVALID";
    return "LINK_SUPERSEDED";
  }
  if (row.expiresAt.getTime() <= now.getTime()) return "LINK_EXPIRED";
  return null;
}

/**
 * Uses a link inside the sign-in POST's transaction: the same checks as resolveAccessLink, then one conditional
 * UPDATE that stamps last_used_at and, for a sign_in link, revokes it, so two POSTs of one sign-in link cannot
 * both succeed. Magic and invitation links stay usable until they expire or are replaced.
 */
export async function useAccessLink(
  tx: Tx,
  p: { workspaceId: string; token: string; now?: Date },
): Promise<ResolvedAccessLink> {
  const now = p.now ?? clockNow();
  const link = await resolveAccessLink(tx, p);
  const nowIso = now.toISOString();
  const [used] = await tx
    .update(accessLinks)
    .set({
      lastUsedAt: now,
      revokedAt: sql`case when ${accessLinks.kind} = 'sign_in' then ${nowIso}::timestamptz else ${accessLinks.revokedAt} end`,
    })
    .where(
      and(
        eq(accessLinks.id, link.linkId),
        eq(accessLinks.workspaceId, p.workspaceId),
        isNull(accessLinks.revokedAt),
        gt(accessLinks.expiresAt, now),
        sql`exists (select 1 from ${portalUsers} where ${portalUsers.id} = ${accessLinks.portalUserId} and ${portalUsers.workspaceId} = ${p.workspaceId} and ${portalUsers.status} <> 'revoked')`,
      ),
    )
    .returning({ id: accessLinks.id });
  if (!used) {
    // Something changed between the check and the update (used, replaced or revoked meanwhile): say what.
    await resolveAccessLink(tx, p);
    throw new AppError("LINK_INVALID");
  }
  return link;
}

/** Revokes every active link of a portal user (an admin's Revoke access); returns how many were active. */
export async function revokeAccessLinks(
  tx: DbOrTx,
  p: { workspaceId: string; portalUserId: string; now?: Date },
): Promise<number> {
  const rows = await tx
    .update(accessLinks)
    .set({ revokedAt: p.now ?? clockNow() })
    .where(
      and(
        eq(accessLinks.workspaceId, p.workspaceId),
        eq(accessLinks.portalUserId, p.portalUserId),
        isNull(accessLinks.revokedAt),
      ),
    )
    .returning({ id: accessLinks.id });
  return rows.length;
}
