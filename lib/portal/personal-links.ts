import "server-only";
// The link an invitation or login email carries: the client's current personal link when it is still active (so
// an email never breaks a link the client already has), else a new one. Set-based, so 10,000 recipients cost a
// handful of statements, not 30,000.
import { and, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { accessLinks, portalUsers, workspaces } from "@/lib/db/schema";
import { decrypt, encrypt, randomToken, sha256, shortToken } from "@/lib/crypto";
import { magicLinkDays } from "./access-links";
import { SHORT_TOKEN } from "./link-path";

const CHUNK = 5000;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export type PersonalLink = { token: string; expiresAt: Date; created: boolean };

/**
 * Current-or-new personal links for many portal users of one workspace, in the caller's transaction. The users'
 * rows are locked first (the same lock issueAccessLink takes), so a concurrent Regenerate cannot slip between the
 * check and the insert. Revoked users and ids of other workspaces get nothing (absent from the map).
 */
export async function personalLinks(
  tx: Tx,
  p: { workspaceId: string; portalUserIds: string[]; kind: "magic" | "invitation"; short?: boolean; now?: Date },
): Promise<Map<string, PersonalLink>> {
  const now = p.now ?? new Date();
  const out = new Map<string, PersonalLink>();
  const ids = [...new Set(p.portalUserIds)];
  if (ids.length === 0) return out;

  const live: string[] = [];
  for (const part of chunks(ids)) {
    const rows = await tx
      .select({ id: portalUsers.id })
      .from(portalUsers)
      .where(and(eq(portalUsers.workspaceId, p.workspaceId), inArray(portalUsers.id, part), ne(portalUsers.status, "revoked")))
      .orderBy(portalUsers.id) // a fixed lock order, so two bulk sends cannot deadlock
      .for("update");
    live.push(...rows.map((r) => r.id));
  }
  if (live.length === 0) return out;

  for (const part of chunks(live)) {
    const current = await tx
      .select({ portalUserId: accessLinks.portalUserId, tokenEncrypted: accessLinks.tokenEncrypted, expiresAt: accessLinks.expiresAt })
      .from(accessLinks)
      .where(
        and(
          eq(accessLinks.workspaceId, p.workspaceId),
          inArray(accessLinks.portalUserId, part),
          isNull(accessLinks.revokedAt),
          ne(accessLinks.kind, "sign_in"),
          gt(accessLinks.expiresAt, now),
        ),
      );
    for (const c of current) {
      const token = decrypt(c.tokenEncrypted);
      // An SMS needs a short token: a long one (the client was reached by email before) is replaced.
      if (!p.short || SHORT_TOKEN.test(token)) out.set(c.portalUserId, { token, expiresAt: c.expiresAt, created: false });
    }
  }

  const missing = live.filter((id) => !out.has(id));
  if (missing.length === 0) return out;

  const [ws] = await tx.select({ settings: workspaces.securitySettings }).from(workspaces).where(eq(workspaces.id, p.workspaceId));
  const expiresAt = new Date(now.getTime() + magicLinkDays(ws?.settings?.magicLinkDays) * 86_400_000);
  for (const part of chunks(missing)) {
    // Expired links still hold the one-active slot until revoked.
    await tx
      .update(accessLinks)
      .set({ revokedAt: now })
      .where(
        and(
          eq(accessLinks.workspaceId, p.workspaceId),
          inArray(accessLinks.portalUserId, part),
          isNull(accessLinks.revokedAt),
          ne(accessLinks.kind, "sign_in"),
        ),
      );
  }
  const rows = missing.map((portalUserId) => {
    const token = p.short ? shortToken() : randomToken();
    out.set(portalUserId, { token, expiresAt, created: true });
    return { workspaceId: p.workspaceId, portalUserId, kind: p.kind, tokenHash: sha256(token), tokenEncrypted: encrypt(token), expiresAt, createdAt: now };
  });
  for (const part of chunks(rows, 1000)) await tx.insert(accessLinks).values(part);
  return out;
}

/** Whole days a link has left, rounded up, for "the link works for N days". */
export function daysLeft(expiresAt: Date, now = new Date()): number {
  return Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 86_400_000));
}
