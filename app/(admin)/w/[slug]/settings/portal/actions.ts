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
// Form POSTs (they work before hydration).
export const createUserTypeFormAction = formStateAction(createUserTypeAction, { refresh: true, input: ({ name, signInMethod }) => ({ name: name ?? "", signInMethod }) });
export const updateUserTypeFormAction = formStateAction(updateUserTypeAction, { refresh: true, input: ({ id, name, signInMethod }) => ({ id, name: name ?? "", signInMethod }) });
export const makeDefaultUserTypeFormAction = formStateAction(makeDefaultUserTypeAction, { refresh: true, input: ({ id }) => ({ id }) });
