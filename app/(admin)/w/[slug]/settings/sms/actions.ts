"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { SMS_ROLE } from "@/lib/sms/access";
import { addSenderId, addSenderIdSchema } from "@/lib/sms/add-sender-id";
import { addWhitelistUrl, addWhitelistUrlSchema } from "@/lib/sms/add-whitelist-url";
import { removeSenderId, removeSenderIdSchema } from "@/lib/sms/remove-sender-id";
import { removeWhitelistUrl, removeWhitelistUrlSchema } from "@/lib/sms/remove-whitelist-url";
import { resetSmsTemplate, resetSmsTemplateSchema } from "@/lib/sms/reset-sms-template";
import { saveSmsTemplate, saveSmsTemplateSchema } from "@/lib/sms/save-sms-template";
import { setSmsDailyCap, setSmsDailyCapSchema } from "@/lib/sms/set-sms-daily-cap";
import { setSmsEnabled, setSmsEnabledSchema } from "@/lib/sms/set-sms-enabled";

export const setSmsEnabledAction = adminAction(setSmsEnabledSchema, SMS_ROLE, setSmsEnabled);
export const setSmsDailyCapAction = adminAction(setSmsDailyCapSchema, SMS_ROLE, setSmsDailyCap);
export const addSenderIdAction = adminAction(addSenderIdSchema, SMS_ROLE, addSenderId);
export const removeSenderIdAction = adminAction(removeSenderIdSchema, SMS_ROLE, removeSenderId);
export const addWhitelistUrlAction = adminAction(addWhitelistUrlSchema, SMS_ROLE, addWhitelistUrl);
export const removeWhitelistUrlAction = adminAction(removeWhitelistUrlSchema, SMS_ROLE, removeWhitelistUrl);
export const saveSmsTemplateAction = adminAction(saveSmsTemplateSchema, SMS_ROLE, saveSmsTemplate);
export const resetSmsTemplateAction = adminAction(resetSmsTemplateSchema, SMS_ROLE, resetSmsTemplate);

// Form POSTs (they work before hydration).
export const setSmsEnabledFormAction = formStateAction(setSmsEnabledAction, { refresh: true, input: ({ enabled }) => ({ enabled: enabled === "true" }) });
export const setSmsDailyCapFormAction = formStateAction(setSmsDailyCapAction, { refresh: true, input: ({ dailyCap }) => ({ dailyCap: dailyCap ?? "" }) });
export const addSenderIdFormAction = formStateAction(addSenderIdAction, { refresh: true, input: ({ senderId, entityId }) => ({ senderId: senderId ?? "", entityId: entityId ?? "" }) });
export const removeSenderIdFormAction = formStateAction(removeSenderIdAction, { refresh: true, input: ({ id }) => ({ id }) });
export const addWhitelistUrlFormAction = formStateAction(addWhitelistUrlAction, { refresh: true, input: ({ url }) => ({ url: url ?? "" }) });
export const removeWhitelistUrlFormAction = formStateAction(removeWhitelistUrlAction, { refresh: true, input: ({ id }) => ({ id }) });
export const saveSmsTemplateFormAction = formStateAction(saveSmsTemplateAction, {
  refresh: true,
  input: ({ kind, body, dltTemplateId, senderId, msg91TemplateId, msg91Vars }) => ({
    kind,
    body: body ?? "",
    dltTemplateId: dltTemplateId ?? "",
    senderId: senderId ?? "",
    msg91TemplateId: msg91TemplateId ?? "",
    msg91Vars: msg91Vars ?? "",
  }),
});
export const resetSmsTemplateFormAction = formStateAction(resetSmsTemplateAction, { refresh: true, input: ({ kind }) => ({ kind }) });
