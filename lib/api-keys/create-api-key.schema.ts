import { z } from "zod";

// Shared by the create form (client) and the operation (server).
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it, e.g. “Zapier”.").max(100, "Keep the name under 100 characters."),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

/** Every key starts with this, so a leaked key is easy to recognise (and for secret scanners to match). */
export const API_KEY_PREFIX = "cpk_";
