import type { z } from "zod";
import { contactFieldsSchema, withContactRules } from "./contact-schema";

export const createContactSchema = withContactRules(contactFieldsSchema);
export type CreateContactInput = z.infer<typeof createContactSchema>;
