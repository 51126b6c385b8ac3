import { z } from "zod";

export const deleteContactSchema = z.object({ id: z.uuid("That contact does not exist.") });
export type DeleteContactInput = z.infer<typeof deleteContactSchema>;
