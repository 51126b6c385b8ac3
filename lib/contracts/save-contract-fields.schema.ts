import { z } from "zod";
import { contractFieldKinds } from "@/lib/db/schema/hub";

/** At most this many fields on one contract. */
export const MAX_FIELDS = 200;
/** The smallest box, as a fraction of the page's width or height (about 6 points on A4): anything less is a slip. */
export const MIN_FIELD_SIZE = 0.01;

// Finite numbers only: zod refuses NaN and ±Infinity. Where a box lies is checked against the contract's pages by
// the operation (CONTRACT_FIELD_OUT_OF_PAGE), since only it knows how many pages there are.
const fraction = z.number("Field positions must be numbers.");

export const contractFieldSchema = z
  .object({
    signerId: z.uuid("Every field needs a signer. Pick one of this document's signers."),
    kind: z.enum(contractFieldKinds, "A field is a signature, initials, a date or text."),
    page: z.number().int("Pages are whole numbers.").min(0, "Pages count from the first page."),
    x: fraction,
    y: fraction,
    width: fraction,
    height: fraction,
    label: z
      .string()
      .trim()
      .max(100, "Keep a field's label under 100 characters.")
      .optional()
      .transform((v) => v || null),
    required: z.boolean().default(true),
  })
  .refine((f) => f.kind !== "text" || !!f.label, { message: "Give each text field a label, so the signer knows what to write.", path: ["label"] });

export const saveContractFieldsSchema = z.object({
  contractId: z.uuid("That contract does not exist."),
  fields: z.array(contractFieldSchema).max(MAX_FIELDS, `A document can have up to ${MAX_FIELDS} fields.`),
});
export type ContractFieldInput = z.infer<typeof contractFieldSchema>;
export type SaveContractFieldsInput = z.infer<typeof saveContractFieldsSchema>;

/** The no-script editor: one field for a signer, placed at a preset spot on the last page. */
export const addContractFieldSchema = z
  .object({
    contractId: z.uuid("That contract does not exist."),
    signerId: z.uuid("Pick one of this document's signers."),
    kind: z.enum(contractFieldKinds, "A field is a signature, initials, a date or text."),
    label: z
      .string()
      .trim()
      .max(100, "Keep a field's label under 100 characters.")
      .optional()
      .transform((v) => v || null),
  })
  .refine((f) => f.kind !== "text" || !!f.label, { message: "Give each text field a label, so the signer knows what to write.", path: ["label"] });
export type AddContractFieldInput = z.infer<typeof addContractFieldSchema>;

export const removeContractFieldSchema = z.object({ contractId: z.uuid("That contract does not exist."), fieldId: z.uuid("That field does not exist.") });
export type RemoveContractFieldInput = z.infer<typeof removeContractFieldSchema>;
