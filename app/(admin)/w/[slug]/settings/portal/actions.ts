"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { createUserTypeSchema, securitySettingsSchema, updateUserTypeSchema, userTypeIdSchema } from "@/lib/portal/portal-settings-schema";
import { createUserType, makeDefaultUserType, updateUserType } from "@/lib/portal/save-user-type";
import { updateSecuritySettings } from "@/lib/workspaces/update-security";

export const createUserTypeAction = adminAction(createUserTypeSchema, "admin", createUserType);
export const updateUserTypeAction = adminAction(updateUserTypeSchema, "admin", updateUserType);
export const makeDefaultUserTypeAction = adminAction(userTypeIdSchema, "admin", makeDefaultUserType);
export const updateSecurityAction = adminAction(securitySettingsSchema, "admin", updateSecuritySettings);
export const updateSecurityFormAction = formStateAction(updateSecurityAction);
