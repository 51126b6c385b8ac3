"use server";
// The access panel sits on the request page (owned elsewhere), so its one action lives beside it.
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { resendClientCentreInvitation, resendClientCentreInvitationSchema } from "@/lib/client-centre/resend-client-centre-invitation";

const resendAction = adminAction(resendClientCentreInvitationSchema, "admin", resendClientCentreInvitation);
export const resendClientCentreInvitationFormAction = formStateAction(resendAction, {
  refresh: true,
  input: ({ requestId, contactId }) => ({ requestId: requestId ?? "", contactId: contactId ?? "" }),
});
