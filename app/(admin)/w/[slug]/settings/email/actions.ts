"use server";
import { adminAction } from "@/lib/actions/admin-action";
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
