import { z } from "zod";
import { requestFieldsSchema, withRequestRules } from "./request-fields.schema";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** From scratch, or from a template (its title is used when none is typed). */
export const createRequestSchema = withRequestRules(
  requestFieldsSchema.extend({
    opportunityId: z.uuid("That opportunity does not exist."),
    templateId: z.preprocess(blankToUndefined, z.uuid("That request template does not exist.").optional()),
    title: z.preprocess(blankToUndefined, requestFieldsSchema.shape.title.optional()),
  }),
).superRefine((v, ctx) => {
  if (!v.templateId && !v.title) ctx.addIssue({ code: "custom", path: ["title"], message: "Give the request a title the client will see." });
});
export type CreateRequestInput = z.infer<typeof createRequestSchema>;
