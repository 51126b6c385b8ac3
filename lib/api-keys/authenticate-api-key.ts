import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { WorkspaceRef } from "@/lib/auth/admin-context";
import type { DbOrTx } from "@/lib/db";
import { apiKeys, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { hashApiKey, looksLikeApiKey } from "./api-key-token";

export type ApiKeyPrincipal = { key: { id: string; name: string; prefix: string }; workspace: WorkspaceRef };

/** lastUsedAt is a hint for the settings page, so it is written at most once a minute per key, not per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The key and workspace behind an `Authorization: Bearer cpk_…` header. The key is found by its SHA-256 (an index
 * lookup, so nothing compares secrets byte by byte), only while unrevoked, on every request: a revoke is felt on
 * the very next call. Missing, malformed, unknown and revoked keys all throw the same API_KEY_INVALID.
 */
export async function authenticateApiKey(db: DbOrTx, authorization: string | null, now = new Date()): Promise<ApiKeyPrincipal> {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  if (!m || !looksLikeApiKey(m[1])) throw new AppError("API_KEY_INVALID");
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      lastUsedAt: apiKeys.lastUsedAt,
      workspace: { id: workspaces.id, slug: workspaces.slug, name: workspaces.name, country: workspaces.country },
    })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(m[1])), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw new AppError("API_KEY_INVALID");

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so parallel first requests in a minute still write once.
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`${new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString()}::timestamptz`)),
        ),
      );
  }
  return { key: { id: row.id, name: row.name, prefix: row.prefix }, workspace: row.workspace };
}
