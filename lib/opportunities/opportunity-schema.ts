import { z } from "zod";
import { opportunityStages } from "@/lib/db/schema/opportunities";
import { MONEY_MESSAGE, parseMoney } from "./money";

// The fields a person types for an opportunity; the create and edit schemas share them.

export const opportunityFieldsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name for the opportunity, e.g. “Home loan – Rao family”.").max(200, "Keep the name under 200 characters."),
  stage: z.enum(opportunityStages, "Pick a stage from the list.").default("new"),
  // Typed text in, minor units out (null: no value). "abc", "-5", "1e3" are refused with an example.
  value: z
    .string()
    .max(40, MONEY_MESSAGE)
    .default("")
    .transform((v, ctx) => {
      const cents = parseMoney(v);
      if (cents === undefined) {
        ctx.addIssue({ code: "custom", message: MONEY_MESSAGE });
        return z.NEVER;
      }
      return cents;
    }),
  // A member's user id; blank means the person creating it (the edit form always sends one).
  ownerUserId: z.string().trim().max(100).default(""),
});
export type OpportunityFormInput = z.input<typeof opportunityFieldsSchema>;
