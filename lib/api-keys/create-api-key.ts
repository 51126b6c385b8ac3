import "server-only";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { apiKeys } from "@/lib/db/schema";
import { newApiKey } from "./api-key-token";
import { createApiKeySchema, type CreateApiKeyInput } from "./create-api-key.schema";

export { createApiKeySchema, type CreateApiKeyInput } from "./create-api-key.schema";

export type CreatedApiKey = { id: string; name: string; prefix: string; key: string; createdAt: Date };

/**
 * Creates a workspace API key and returns it in full this once: only its SHA-256 is stored, so neither we nor a
 * database dump can show it again. The audit event commits with the row.
 */
export async function createApiKey(ctx: OpsCtx, raw: CreateApiKeyInput): Promise<CreatedApiKey> {
  const input = createApiKeySchema.parse(raw);
  const { key, prefix, hash } = newApiKey();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ workspaceId: ctx.workspace.id, name: input.name, prefix, keyHash: hash, createdBy: ctx.user.id })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await audit(tx, ctx, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: row.id,
      summary: `Created the API key “${row.name}” (${row.prefix}…)`,
      data: { prefix: row.prefix },
    });
    return { ...row, key };
  });
}
