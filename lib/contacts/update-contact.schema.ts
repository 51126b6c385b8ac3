import { z } from "zod";
import { contactFieldsSchema, withContactRules } from "./contact-schema";

export const updateContactSchema = withContactRules(contactFieldsSchema.extend({ id: z.uuid("That contact does not exist.") }));
export type UpdateContactInput = z.infer<typeof updateContactSchema>;
