import { z } from "zod";
import { storableString } from "@/lib/validation/storable-text";
import { requestItemsSchema } from "./item.schema";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Items as a list, or as the JSON text of one (a form's hidden field); omitted on an edit: the items stay. */
const itemsInput = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  if (v.trim() === "") return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v; // the array schema then says it is not a list
  }
}, requestItemsSchema.optional());

export const templateName = storableString().trim().min(1, "Name the template, e.g. KYC documents.").max(100, "Keep the name under 100 characters.");

export const saveRequestTemplateSchema = z.object({
  id: z.preprocess(blankToUndefined, z.uuid("That request template does not exist.").optional()),
  name: templateName,
  title: storableString().trim().min(1, "Write the title requests made from it start with.").max(200, "Keep the title under 200 characters."),
  message: z.preprocess(blankToUndefined, storableString().trim().max(5000, "Keep the message under 5,000 characters.").optional()),
  items: itemsInput,
});
export type SaveRequestTemplateInput = z.infer<typeof saveRequestTemplateSchema>;

export const deleteRequestTemplateSchema = z.object({ id: z.uuid("That request template does not exist.") });
export type DeleteRequestTemplateInput = z.infer<typeof deleteRequestTemplateSchema>;

export const saveRequestAsTemplateSchema = z.object({ requestId: z.uuid("That request does not exist."), name: templateName });
export type SaveRequestAsTemplateInput = z.infer<typeof saveRequestAsTemplateSchema>;
