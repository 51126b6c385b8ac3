"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { createApiKey, createApiKeySchema } from "@/lib/api-keys/create-api-key";
import { revokeApiKey, revokeApiKeySchema } from "@/lib/api-keys/revoke-api-key";

export const createApiKeyAction = adminAction(createApiKeySchema, "admin", async (ctx, input) => {
  const k = await createApiKey(ctx, input);
  return { id: k.id, name: k.name, prefix: k.prefix, key: k.key };
});
export const revokeApiKeyAction = adminAction(revokeApiKeySchema, "admin", revokeApiKey);
export const createApiKeyFormAction = formStateAction(createApiKeyAction);
export const revokeApiKeyFormAction = formStateAction(revokeApiKeyAction, { refresh: true, input: ({ apiKeyId }) => ({ apiKeyId }) });
