import { AppError } from "@/lib/errors";
import { answerSignInRequest } from "@/lib/portal/answer-sign-in-request";
import { portalForm } from "@/lib/portal/portal-form";
import { pendingSignInFrom } from "@/lib/portal/portal-request";

// The check page's Resend: the address or number comes from this browser's sealed pending sign-in, never the form.
export const POST = portalForm(
  () => "/sign-in",
  async (portal, _form, request) => {
    const pending = pendingSignInFrom(request.headers, portal.workspace.id);
    if (!pending) throw new AppError("SIGN_IN_PENDING_EXPIRED");
    return answerSignInRequest(portal, pending.identifier, request);
  },
);
