import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { apiKeys } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export const revokeApiKeySchema = z.object({ apiKeyId: z.uuid("That API key does not exist.") });
export type RevokeApiKeyInput = z.infer<typeof revokeApiKeySchema>;

/**
 * Revokes a key in one conditional UPDATE: the next request with it gets 401 (keys are checked on every request,
 * never cached). Another workspace's key, or one already revoked, is NOT_FOUND and nothing changes.
 */
export async function revokeApiKey(ctx: OpsCtx, raw: RevokeApiKeyInput) {
  const input = revokeApiKeySchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, input.apiKeyId), eq(apiKeys.workspaceId, ctx.workspace.id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt });
    if (!row) throw new AppError("NOT_FOUND", undefined, "That API key does not exist or is already revoked. Reload the page.");
    await audit(tx, ctx, {
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: row.id,
      summary: `Revoked the API key “${row.name}” (${row.prefix}…)`,
      data: { prefix: row.prefix },
    });
    return { apiKeyId: row.id, revokedAt: row.revokedAt! };
  });
}
