import { z } from "zod";
import { opportunityFieldsSchema } from "./opportunity-schema";

export const updateOpportunitySchema = opportunityFieldsSchema.extend({ id: z.uuid("That opportunity does not exist.") });
export type UpdateOpportunityInput = z.infer<typeof updateOpportunitySchema>;
