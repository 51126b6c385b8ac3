"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction, withoutBlanks } from "@/lib/actions/form-state-action";
import { addRequestItem, addRequestItemSchema } from "@/lib/requests/add-request-item";
import { REQUESTS_ROLE } from "@/lib/requests/access";
import { createRequest, createRequestSchema } from "@/lib/requests/create-request";
import { moveRequestItem, moveRequestItemSchema } from "@/lib/requests/move-request-item";
import { removeRequestItem, removeRequestItemSchema } from "@/lib/requests/remove-request-item";
import { itemFormInput } from "@/lib/requests/request-item.schema";
import { reviewDocument, reviewDocumentSchema } from "@/lib/requests/review-document";
import { saveRequestAsTemplate, saveRequestAsTemplateSchema } from "@/lib/requests/save-request-as-template";
import { setRequestStatus, setRequestStatusSchema, updateRequest, updateRequestSchema } from "@/lib/requests/update-request";
import { updateRequestItem, updateRequestItemSchema } from "@/lib/requests/update-request-item";

// Request screens' actions: each an adminAction (membership, role, NUL check, zod) wrapped for a no-JS form post.

export const createRequestAction = adminAction(createRequestSchema, REQUESTS_ROLE, createRequest);
export const updateRequestAction = adminAction(updateRequestSchema, REQUESTS_ROLE, updateRequest);
export const setRequestStatusAction = adminAction(setRequestStatusSchema, REQUESTS_ROLE, setRequestStatus);
export const addRequestItemAction = adminAction(addRequestItemSchema, REQUESTS_ROLE, addRequestItem);
export const updateRequestItemAction = adminAction(updateRequestItemSchema, REQUESTS_ROLE, updateRequestItem);
export const removeRequestItemAction = adminAction(removeRequestItemSchema, REQUESTS_ROLE, removeRequestItem);
export const moveRequestItemAction = adminAction(moveRequestItemSchema, REQUESTS_ROLE, moveRequestItem);
export const reviewDocumentAction = adminAction(reviewDocumentSchema, REQUESTS_ROLE, reviewDocument);
export const saveRequestAsTemplateAction = adminAction(saveRequestAsTemplateSchema, REQUESTS_ROLE, saveRequestAsTemplate);

const base = (slug: string, opportunityId: string) => `/w/${encodeURIComponent(slug)}/opportunities/${opportunityId}/requests`;

export const createRequestFormAction = formStateAction(createRequestAction, {
  input: (v) => ({ ...withoutBlanks(v), opportunityId: v.opportunityId }),
  // A blank request has no items yet: straight to the editor; one from a template is ready to send.
  then: (slug, r) => `${base(slug, r.opportunityId)}/${r.id}${r.status === "draft" ? "/edit?notice=created" : "?notice=created"}`,
});
export const updateRequestFormAction = formStateAction(updateRequestAction, { input: (v) => withoutBlanks(v), refresh: true });
export const setRequestStatusFormAction = formStateAction(setRequestStatusAction, { refresh: true });
const item = { input: itemFormInput, refresh: true };
export const addRequestItemFormAction = formStateAction(addRequestItemAction, item);
export const updateRequestItemFormAction = formStateAction(updateRequestItemAction, item);
export const removeRequestItemFormAction = formStateAction(removeRequestItemAction, item);
export const moveRequestItemFormAction = formStateAction(moveRequestItemAction, item);
export const reviewDocumentFormAction = formStateAction(reviewDocumentAction, { refresh: true });
export const saveRequestAsTemplateFormAction = formStateAction(saveRequestAsTemplateAction, {
  then: (slug, r) => `/w/${encodeURIComponent(slug)}/settings/request-templates/${r.id}?notice=created`,
});
