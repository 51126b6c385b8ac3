import { z } from "zod";

/** At most this many signers on one contract. */
export const MAX_SIGNERS = 10;

export const setContractSignersSchema = z.object({
  contractId: z.uuid("That contract does not exist."),
  contactIds: z
    .array(z.uuid("Pick signers from the search results."))
    .max(MAX_SIGNERS, `A contract can have up to ${MAX_SIGNERS} signers.`)
    .refine((ids) => new Set(ids).size === ids.length, "Each person can sign once. Remove the repeated signer."),
});
export type SetContractSignersInput = z.infer<typeof setContractSignersSchema>;
