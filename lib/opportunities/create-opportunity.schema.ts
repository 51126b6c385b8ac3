import type { z } from "zod";
import { opportunityFieldsSchema } from "./opportunity-schema";

export const createOpportunitySchema = opportunityFieldsSchema;
export type CreateOpportunityInput = z.infer<typeof createOpportunitySchema>;
