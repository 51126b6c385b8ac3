"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { createEmailProfile, createEmailProfileSchema } from "@/lib/email-settings/create-email-profile";
import { deleteEmailProfile, deleteEmailProfileSchema } from "@/lib/email-settings/delete-email-profile";
import { makeDefaultEmailProfile, makeDefaultEmailProfileSchema } from "@/lib/email-settings/make-default-email-profile";
import { resetEmailTemplate, resetEmailTemplateSchema } from "@/lib/email-settings/reset-email-template";
import { saveEmailTemplate, saveEmailTemplateSchema } from "@/lib/email-settings/save-email-template";
import { updateEmailProfile, updateEmailProfileSchema } from "@/lib/email-settings/update-email-profile";

export const createEmailProfileAction = adminAction(createEmailProfileSchema, "admin", createEmailProfile);
export const updateEmailProfileAction = adminAction(updateEmailProfileSchema, "admin", updateEmailProfile);
export const deleteEmailProfileAction = adminAction(deleteEmailProfileSchema, "admin", deleteEmailProfile);
export const makeDefaultEmailProfileAction = adminAction(makeDefaultEmailProfileSchema, "admin", makeDefaultEmailProfile);
export const saveEmailTemplateAction = adminAction(saveEmailTemplateSchema, "admin", saveEmailTemplate);
export const resetEmailTemplateAction = adminAction(resetEmailTemplateSchema, "admin", resetEmailTemplate);

// Form POSTs (they work before hydration). A blank reply-to is "", which the profile schema reads as "same as from".
export const createEmailProfileFormAction = formStateAction(createEmailProfileAction, { refresh: true, input: ({ fromName, fromAddress, replyTo }) => ({ fromName: fromName ?? "", fromAddress: fromAddress ?? "", replyTo: replyTo ?? "" }) });
export const updateEmailProfileFormAction = formStateAction(updateEmailProfileAction, { refresh: true, input: ({ id, fromName, fromAddress, replyTo }) => ({ id, fromName: fromName ?? "", fromAddress: fromAddress ?? "", replyTo: replyTo ?? "" }) });
export const deleteEmailProfileFormAction = formStateAction(deleteEmailProfileAction, { refresh: true, input: ({ id }) => ({ id }) });
export const makeDefaultEmailProfileFormAction = formStateAction(makeDefaultEmailProfileAction, { refresh: true, input: ({ id }) => ({ id }) });
export const saveEmailTemplateFormAction = formStateAction(saveEmailTemplateAction, { refresh: true, input: ({ kind, subject, body }) => ({ kind, subject: subject ?? "", body: body ?? "" }) });
export const resetEmailTemplateFormAction = formStateAction(resetEmailTemplateAction, { refresh: true, input: ({ kind }) => ({ kind }) });
