"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { brandingSchema, updateBranding } from "@/lib/workspaces/update-branding";

export const updateBrandingAction = adminAction(brandingSchema, "admin", (ctx, input) => updateBranding(ctx, input));
export const updateBrandingFormAction = formStateAction(updateBrandingAction);
