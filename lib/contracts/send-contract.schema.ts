import { z } from "zod";

export const contractIdSchema = z.object({ contractId: z.uuid("That contract does not exist.") });
export type ContractIdInput = z.infer<typeof contractIdSchema>;

export const voidContractSchema = z.object({
  contractId: z.uuid("That contract does not exist."),
  reason: z
    .string()
    .trim()
    .max(500, "Keep the reason under 500 characters.")
    .optional()
    .transform((v) => v || null),
});
export type VoidContractInput = z.infer<typeof voidContractSchema>;
