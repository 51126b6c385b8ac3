import { z } from "zod";
import { contractKinds } from "@/lib/db/schema/hub";

// The details an admin gives a contract, on upload and while it is a draft (create and update share them).

export const contractDetailsShape = {
  title: z.string("Give the document a title.").trim().min(1, "Give the document a title.").max(200, "Keep the title under 200 characters."),
  kind: z.enum(contractKinds, "Choose contract or proposal.").default("contract"),
  message: z
    .string()
    .trim()
    .max(2000, "Keep the message under 2,000 characters.")
    .optional()
    .transform((v) => v || null),
  signingOrder: z.enum(["parallel", "sequential"], "Choose whether signers sign in order or all at once.").default("parallel"),
  opportunityId: z
    .union([z.uuid("Pick an opportunity from the list."), z.literal("")])
    .optional()
    .transform((v) => v || null),
};

export const contractDetailsSchema = z.object(contractDetailsShape);
export type ContractDetailsInput = z.infer<typeof contractDetailsSchema>;
