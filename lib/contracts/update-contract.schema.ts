import { z } from "zod";
import { contractDetailsShape } from "./contract-details.schema";

export const updateContractSchema = z.object({ contractId: z.uuid("That contract does not exist."), ...contractDetailsShape });
export type UpdateContractInput = z.infer<typeof updateContractSchema>;
