import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { atLeast, field, portalForm } from "@/lib/portal/portal-form";
import { pendingEmailCookie, seeOther } from "@/lib/portal/portal-request";
import { requestSignIn, signInEmailSchema } from "@/lib/portal/request-sign-in";

// "Enter your email": the same redirect, cookie and (padded) time whether or not the address has an account.
export const POST = portalForm(
  () => "/sign-in",
  async (portal, form) => {
    const parsed = signInEmailSchema.safeParse({ email: field(form, "email") });
    if (!parsed.success) throw new AppError("VALIDATION_EMAIL");
    const email = parsed.data.email;
    await atLeast(400, requestSignIn(getDb(), { workspace: portal.workspace, email, ip: portal.ip }));
    return seeOther("/sign-in/check-email", [pendingEmailCookie(email, portal.secure)]);
  },
);
