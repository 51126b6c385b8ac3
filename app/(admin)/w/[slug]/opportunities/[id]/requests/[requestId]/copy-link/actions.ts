"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { copyClientCentreLink, copyClientCentreLinkSchema } from "@/lib/client-centre/copy-client-centre-link";

export const copyClientCentreLinkAction = adminAction(copyClientCentreLinkSchema, "admin", copyClientCentreLink);
export const copyClientCentreLinkFormAction = formStateAction(copyClientCentreLinkAction, { input: ({ requestId, contactId }) => ({ requestId: requestId ?? "", contactId: contactId ?? "" }) });
