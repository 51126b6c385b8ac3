import { z } from "zod";
import { requestItemDefSchema } from "./item.schema";

// Item operations work on a request's item rows or on a template's item list: the owner says which. A request's
// item is named by its id; a template's (a JSON list) by its position.

const owner = {
  owner: z.enum(["request", "template"], "Say whether the item belongs to a request or a template."),
  ownerId: z.uuid("That request or template does not exist."),
};
const itemRef = z.string().regex(/^([0-9a-f-]{36}|\d{1,3})$/i, "That item does not exist.");

export const addRequestItemSchema = z.object({ ...owner, item: requestItemDefSchema });
export type AddRequestItemInput = z.infer<typeof addRequestItemSchema>;

export const updateRequestItemSchema = z.object({ ...owner, itemId: itemRef, item: requestItemDefSchema });
export type UpdateRequestItemInput = z.infer<typeof updateRequestItemSchema>;

export const removeRequestItemSchema = z.object({ ...owner, itemId: itemRef });
export type RemoveRequestItemInput = z.infer<typeof removeRequestItemSchema>;

export const moveRequestItemSchema = z.object({ ...owner, itemId: itemRef, direction: z.enum(["up", "down"], "Move the item up or down.") });
export type MoveRequestItemInput = z.infer<typeof moveRequestItemSchema>;

/** A posted item form (flat strings) as the operations' input: item fields go under `item`. */
export function itemFormInput(values: Record<string, string>) {
  const { owner, ownerId, itemId, kind, label, helpText, required, options, direction } = values;
  return { owner, ownerId, itemId, direction, item: { kind, label, helpText, required, options } };
}
