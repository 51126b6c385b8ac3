import { z } from "zod";
import { requestStatuses } from "@/lib/db/schema/opportunities";
import { requestFieldsSchema, withRequestRules } from "./request-fields.schema";

export const updateRequestSchema = withRequestRules(
  requestFieldsSchema.extend({
    id: z.uuid("That request does not exist."),
    status: z.enum(requestStatuses, "Pick draft, open or closed."),
  }),
);
export type UpdateRequestInput = z.infer<typeof updateRequestSchema>;

/** Just the status (the Open / Close buttons). */
export const setRequestStatusSchema = z.object({ id: z.uuid("That request does not exist."), status: z.enum(requestStatuses, "Pick draft, open or closed.") });
export type SetRequestStatusInput = z.infer<typeof setRequestStatusSchema>;
