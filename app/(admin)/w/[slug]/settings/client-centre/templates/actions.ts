"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { deleteClientCentreTemplate, deleteClientCentreTemplateSchema } from "@/lib/client-centre/delete-client-centre-template";
import {
  makeDefaultClientCentreTemplate,
  makeDefaultClientCentreTemplateSchema,
  saveClientCentreTemplate,
  saveClientCentreTemplateSchema,
} from "@/lib/client-centre/save-client-centre-template";

const save = adminAction(saveClientCentreTemplateSchema, "admin", saveClientCentreTemplate);
const makeDefault = adminAction(makeDefaultClientCentreTemplateSchema, "admin", makeDefaultClientCentreTemplate);
const remove = adminAction(deleteClientCentreTemplateSchema, "admin", deleteClientCentreTemplate);

// Form POSTs (they work before hydration). The editor posts the text around the locked tag, never the tag itself.
export const saveClientCentreTemplateFormAction = formStateAction(save, {
  then: (slug) => `/w/${slug}/settings/client-centre/templates?notice=saved`,
  input: ({ id, name, subject, bodyBefore, bodyAfter, makeDefault }) => ({
    id: id || undefined,
    name: name ?? "",
    subject: subject ?? "",
    bodyBefore: bodyBefore ?? "",
    bodyAfter: bodyAfter ?? "",
    makeDefault: makeDefault === "on",
  }),
});
export const makeDefaultClientCentreTemplateFormAction = formStateAction(makeDefault, { refresh: true, input: ({ id }) => ({ id: id ?? "" }) });
export const deleteClientCentreTemplateFormAction = formStateAction(remove, { refresh: true, input: ({ id }) => ({ id: id ?? "" }) });
