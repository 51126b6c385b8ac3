import "server-only";
import { desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { apiKeys, users } from "@/lib/db/schema";

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdByEmail: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** A workspace's API keys for the settings page, active ones first, newest first; the hash is never selected. */
export async function listApiKeys(db: DbOrTx, p: { workspaceId: string }): Promise<ApiKeyRow[]> {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdByEmail: users.email,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.workspaceId, p.workspaceId))
    .orderBy(desc(isNull(apiKeys.revokedAt)), desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(500);
}
