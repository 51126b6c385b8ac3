"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { topUpSmsCredits, topUpSmsCreditsSchema } from "@/lib/sms/credits/top-up-sms-credits";

// Owners only: adminAction turns others away before the operation, which re-checks the role in its transaction.
export const topUpSmsCreditsAction = adminAction(topUpSmsCreditsSchema, "owner", topUpSmsCredits);
export const topUpSmsCreditsFormAction = formStateAction(topUpSmsCreditsAction, { refresh: true });
