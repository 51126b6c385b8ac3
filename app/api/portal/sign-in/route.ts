import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { answerSignInRequest } from "@/lib/portal/answer-sign-in-request";
import { parseSignInIdentifier } from "@/lib/portal/identifier";
import { field, portalForm } from "@/lib/portal/portal-form";
import { phoneSignInEnabled } from "@/lib/portal/request-sign-in";

// "Enter your email (or mobile number)": the same redirect, cookie and (padded) time whether or not it has an account.
export const POST = portalForm(
  () => "/sign-in",
  async (portal, form, request) => {
    const phoneAllowed = await phoneSignInEnabled(getDb(), portal.workspace.id);
    // `email` is the field's name on forms rendered before phone sign-in existed.
    const identifier = parseSignInIdentifier(field(form, "identifier", 254) || field(form, "email", 254), { phoneAllowed });
    if (!identifier) throw new AppError(phoneAllowed ? "SIGN_IN_IDENTIFIER_INVALID" : "VALIDATION_EMAIL");
    return answerSignInRequest(portal, identifier, request);
  },
);
