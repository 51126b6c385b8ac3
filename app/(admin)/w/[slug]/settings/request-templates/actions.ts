"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { addRequestItem, addRequestItemSchema } from "@/lib/requests/add-request-item";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import { deleteRequestTemplate, deleteRequestTemplateSchema } from "@/lib/requests/delete-request-template";
import { moveRequestItem, moveRequestItemSchema } from "@/lib/requests/move-request-item";
import { removeRequestItem, removeRequestItemSchema } from "@/lib/requests/remove-request-item";
import { itemFormInput } from "@/lib/requests/request-item.schema";
import { saveRequestTemplate, saveRequestTemplateSchema } from "@/lib/requests/save-request-template";
import { updateRequestItem, updateRequestItemSchema } from "@/lib/requests/update-request-item";

// The request templates screen's actions; template items use the same item operations as requests (owner "template").

export const saveRequestTemplateAction = adminAction(saveRequestTemplateSchema, REQUESTS_ROLE, saveRequestTemplate);
export const deleteRequestTemplateAction = adminAction(deleteRequestTemplateSchema, REQUESTS_ROLE, deleteRequestTemplate);
const list = (slug: string) => `/w/${encodeURIComponent(slug)}/settings/request-templates`;

export const saveRequestTemplateFormAction = formStateAction(saveRequestTemplateAction, {
  // The form never posts items: they are edited one by one below it.
  input: ({ items: _items, ...v }) => (void _items, v),
  then: (slug, r) => (r.created ? `${list(slug)}/${r.id}?notice=created` : null),
  refresh: true,
});
export const deleteRequestTemplateFormAction = formStateAction(deleteRequestTemplateAction, { then: (slug) => `${list(slug)}?notice=deleted` });
const item = { input: itemFormInput, refresh: true };
export const addTemplateItemFormAction = formStateAction(adminAction(addRequestItemSchema, REQUESTS_ROLE, addRequestItem), item);
export const updateTemplateItemFormAction = formStateAction(adminAction(updateRequestItemSchema, REQUESTS_ROLE, updateRequestItem), item);
export const removeTemplateItemFormAction = formStateAction(adminAction(removeRequestItemSchema, REQUESTS_ROLE, removeRequestItem), item);
export const moveTemplateItemFormAction = formStateAction(adminAction(moveRequestItemSchema, REQUESTS_ROLE, moveRequestItem), item);
