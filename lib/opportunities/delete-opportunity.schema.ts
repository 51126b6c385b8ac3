import { z } from "zod";

// The form's confirm box must be ticked: deleting takes the requests, answers and files with it.
export const deleteOpportunitySchema = z.object({
  id: z.uuid("That opportunity does not exist."),
  confirm: z.literal("yes", "Tick the box to confirm: the requests, answers and documents are deleted too."),
});
export type DeleteOpportunityInput = z.infer<typeof deleteOpportunitySchema>;
