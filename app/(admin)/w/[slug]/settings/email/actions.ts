"use server";
import { adminAction } from "@/lib/actions/admin-action";
import {
  createEmailProfile,
  createEmailProfileSchema,
  deleteEmailProfile,
  emailProfileIdSchema,
  makeDefaultEmailProfile,
  updateEmailProfile,
  updateEmailProfileSchema,
} from "@/lib/messaging/email-profiles";
import { resetEmailTemplate, resetEmailTemplateSchema, saveEmailTemplate, saveEmailTemplateSchema } from "@/lib/messaging/save-email-template";

export const createEmailProfileAction = adminAction(createEmailProfileSchema, "admin", createEmailProfile);
export const updateEmailProfileAction = adminAction(updateEmailProfileSchema, "admin", updateEmailProfile);
export const deleteEmailProfileAction = adminAction(emailProfileIdSchema, "admin", deleteEmailProfile);
export const makeDefaultEmailProfileAction = adminAction(emailProfileIdSchema, "admin", makeDefaultEmailProfile);
export const saveEmailTemplateAction = adminAction(saveEmailTemplateSchema, "admin", saveEmailTemplate);
export const resetEmailTemplateAction = adminAction(resetEmailTemplateSchema, "admin", resetEmailTemplate);
