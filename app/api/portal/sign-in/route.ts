import { AppError } from "@/lib/errors";
import { answerSignInRequest } from "@/lib/portal/answer-sign-in-request";
import { field, portalForm } from "@/lib/portal/portal-form";
import { signInEmailSchema } from "@/lib/portal/request-sign-in";

// "Enter your email": the same redirect, cookie and (padded) time whether or not the address has an account.
export const POST = portalForm(
  () => "/sign-in",
  async (portal, form, request) => {
    const parsed = signInEmailSchema.safeParse({ email: field(form, "email") });
    if (!parsed.success) throw new AppError("VALIDATION_EMAIL");
    return answerSignInRequest(portal, parsed.data.email, request);
  },
);
